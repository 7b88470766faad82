<?php
// Sets fields of a SCORM activity and prints them, before any learner has a track.
// make_activity.php (../shared/moodle) fixes grademethod, whatgrade, maxgrade, popup and the
// completion rule in its own defaults, which win over its --set; this sets any of the fields
// below, then updates the activity's grade item and the course cache.
// usage: php scorm_settings.php MOODLE_SRC SCORMID [FIELD=VALUE ...]      Prints one JSON object.
define('CLI_SCRIPT', true);
require($argv[1] . '/config.php');
require_once($CFG->dirroot . '/mod/scorm/lib.php');
require_once($CFG->dirroot . '/mod/scorm/locallib.php');
$fields = ['grademethod', 'whatgrade', 'maxgrade', 'maxattempt', 'forcenewattempt', 'masteryoverride',
    'completionstatusallscos', 'completionstatusrequired', 'completionscorerequired', 'lastattemptlock',
    'forcecompleted', 'auto', 'nav', 'hidetoc', 'popup'];
$scorm = $DB->get_record('scorm', ['id' => (int)$argv[2]], '*', MUST_EXIST);
$changes = array_slice($argv, 3);
foreach ($changes as $arg) {
    [$field, $value] = explode('=', $arg, 2);
    if (!in_array($field, $fields, true)) {
        fwrite(STDERR, "scorm_settings.php: unknown field $field\n");
        exit(2);
    }
    $scorm->$field = $value;
}
if ($changes) {
    $DB->update_record('scorm', $scorm);
    scorm_grade_item_update($scorm);
    rebuild_course_cache($scorm->course, true);
}
$stored = $DB->get_record('scorm', ['id' => $scorm->id]);
$out = [];
foreach ($fields as $field) {
    $out[$field] = (string)$stored->$field;
}
echo json_encode($out) . "\n";
