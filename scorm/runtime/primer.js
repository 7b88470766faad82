/* plx SCORM runtime: the text the suspend_data coder (codec.js) learns from before it starts.
 *
 * A context model that starts empty spends the first kilobytes of a learner's state learning
 * what English looks like. Running it over this text first (in the encoder and the decoder
 * alike) means it starts knowing common words, spelling and the shape of the saved JSON.
 * CHANGING THIS TEXT CHANGES THE FORMAT: saved states written with one primer cannot be read
 * with another, so a new primer needs a new codec tag in codec.js (keep the old one readable).
 */
window.PLX = window.PLX || {};
window.PLX.codecPrimer = [
  '{"v":1,"t":1767225600000,"loc":"","lang":"en","seen":[],"n":0,"r":{"":["",["pedagogy",' +
  '"collaboration","professional-learning","innovation","leadership"],1767225600]},' +
  '"c":{"":[1,[""],1,0]},"s":{"":["",{},1]}}',
  "I have been thinking about the way I give feedback to my class, and I realise that much of the " +
  "time I spend marking books in the evening does not change what the pupils do the next day. " +
  "When I looked at last week, I spent about six hours on written comments, and most of the " +
  "children read them for less than a minute. Some of them did not read them at all. I want to " +
  "try a different approach this term: I will give more feedback during the lesson, while the " +
  "learners are still working on the task, and I will ask them to act on it straight away. " +
  "This should reduce my workload and make the feedback more useful for them. ",
  "In my school we have a marking policy that asks for a comment on every piece of work. " +
  "I think the policy was written with good intentions, but it has become a routine that nobody " +
  "questions. Our senior leadership team has agreed that we should review it together as a staff. " +
  "I would like to share what I have learned from this course with my colleagues, because I " +
  "believe that we could make a real difference to pupils' progress and to our own wellbeing. ",
  "One thing that worked well was whole-class feedback. After reading the books quickly, I wrote " +
  "down three common mistakes and two examples of excellent work, and I shared them with the " +
  "class at the start of the next lesson. The pupils then had fifteen minutes to improve their " +
  "own writing. It took me much less time, and the quality of their second drafts was better. " +
  "Next time I will plan the follow-up task more carefully, so that every learner knows exactly " +
  "what they need to do and why it matters. I also need to think about how I will know whether " +
  "the feedback has had an impact on their learning over time, not just in one lesson. ",
  "My main question is how to make sure that the pupils who need the most support still get " +
  "individual attention. I could use conferencing with small groups, or short verbal feedback " +
  "while I move around the classroom. I am going to discuss this with my mentor and with the " +
  "other teachers in my department, and I will reflect on what happens over the next few weeks. ",
  "Rwyf wedi bod yn meddwl am y ffordd rwy'n rhoi adborth i'm dosbarth, ac rwy'n sylweddoli nad " +
  "yw llawer o'r amser rwy'n ei dreulio yn marcio llyfrau gyda'r nos yn newid yr hyn y mae'r " +
  "disgyblion yn ei wneud y diwrnod wedyn. Yr wythnos diwethaf treuliais tua chwe awr ar sylwadau " +
  "ysgrifenedig. Rwyf am roi cynnig ar ddull gwahanol y tymor hwn: byddaf yn rhoi mwy o adborth " +
  "yn ystod y wers, tra bod y dysgwyr yn dal i weithio ar y dasg, a byddaf yn gofyn iddynt " +
  "weithredu arno ar unwaith. Dylai hyn leihau fy llwyth gwaith a gwneud yr adborth yn fwy " +
  "defnyddiol iddyn nhw. Yn ein hysgol ni mae gennym bolisi marcio, ac mae'r uwch dîm arwain " +
  "wedi cytuno y dylem ei adolygu gyda'n gilydd. Hoffwn rannu'r hyn a ddysgais gyda fy " +
  "nghydweithwyr, oherwydd credaf y gallem wneud gwahaniaeth go iawn i gynnydd y dysgwyr a'u lles. ",
].join("\n");
