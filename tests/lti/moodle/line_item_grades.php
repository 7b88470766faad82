<?php
// The grades in the gradebook columns (grade items) behind an External tool activity's AGS line items, read
// with Moodle's grade API (test helper of plx). usage: php line_item_grades.php MOODLE_SRC LTIID [USERID ...]
// Prints JSON: one entry per line item {resourceid, tag, itemname, itemtype, grademax, grades: {userid: grade}}.
define('CLI_SCRIPT', true);
require($argv[1] . '/config.php');
require_once($CFG->libdir . '/gradelib.php');
$ltiid = (int)$argv[2];
$userids = array_map('intval', array_slice($argv, 3));
$out = [];
foreach ($DB->get_records('ltiservice_gradebookservices', ['ltilinkid' => $ltiid], 'id') as $li) {
    $item = grade_item::fetch(['id' => $li->gradeitemid]);
    $grades = [];
    foreach ($userids as $uid) {
        $g = grade_grade::fetch(['itemid' => $item->id, 'userid' => $uid]);
        $grades[$uid] = $g && $g->finalgrade !== null ? (float)$g->finalgrade : null;
    }
    $out[] = ['resourceid' => $li->resourceid, 'tag' => $li->tag, 'itemname' => $item->itemname,
        'itemtype' => $item->itemtype, 'iteminstance' => $item->iteminstance, 'grademax' => (float)$item->grademax,
        'grades' => $grades];
}
echo json_encode($out, JSON_UNESCAPED_SLASHES) . "\n";
