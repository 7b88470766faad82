<?php
// Makes an LTI tool type send learners' names ("Share launcher's name with tool": Always), as a site administrator
// does in the type's privacy settings (test helper of plx). usage: php share_names.php MOODLE_SRC TYPEID
define('CLI_SCRIPT', true);
require($argv[1] . '/config.php');
$typeid = (int)$argv[2];
$row = $DB->get_record('lti_types_config', ['typeid' => $typeid, 'name' => 'sendname']);
if ($row) {
    $row->value = '1';
    $DB->update_record('lti_types_config', $row);
} else {
    $DB->insert_record('lti_types_config', (object)['typeid' => $typeid, 'name' => 'sendname', 'value' => '1']);
}
echo json_encode(['typeid' => $typeid, 'sendname' => 1]) . "\n";
