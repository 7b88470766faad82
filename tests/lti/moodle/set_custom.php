<?php
// Sets an External tool activity's custom parameters ("Custom parameters" in the activity form), as a
// teacher does (test helper of plx). usage: php set_custom.php MOODLE_SRC CMID 'name=value'
define('CLI_SCRIPT', true);
require($argv[1] . '/config.php');
$cm = get_coursemodule_from_id('lti', (int)$argv[2], 0, false, MUST_EXIST);
$DB->set_field('lti', 'instructorcustomparameters', $argv[3], ['id' => $cm->instance]);
echo json_encode(['cmid' => (int)$argv[2], 'lti' => (int)$cm->instance]) . "\n";
