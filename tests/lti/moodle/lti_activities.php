<?php
// The External tool activities of a course (test helper of plx): id, cmid, name, type, tool URL, custom parameters.
// usage: php lti_activities.php MOODLE_SRC COURSEID
define('CLI_SCRIPT', true);
require($argv[1] . '/config.php');
$out = [];
foreach ($DB->get_records('lti', ['course' => (int)$argv[2]], 'id') as $l) {
    $cm = get_coursemodule_from_instance('lti', $l->id, $l->course);
    $out[] = ['ltiid' => (int)$l->id, 'cmid' => (int)$cm->id, 'name' => $l->name, 'typeid' => (int)$l->typeid,
        'toolurl' => $l->toolurl, 'instructorcustomparameters' => $l->instructorcustomparameters,
        'grade' => $l->grade];
}
echo json_encode($out, JSON_UNESCAPED_SLASHES) . "\n";
