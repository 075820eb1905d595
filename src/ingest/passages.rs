//! Passages: a transcript's cues joined into what the tagger reads and evidence points to.
//!
//! Speech-to-text cues are a few seconds of words each and cut sentences anywhere; tagged one by one they
//! were slow (a search per cue) and made unreadable evidence (a cue line per mention). A passage is whole
//! sentences, up to about a minute ([`PASSAGE_SECONDS`]), and never runs across a pause of more than
//! [`PAUSE_SECONDS`] (where the format gives cue ends) or a change of speaker (where the format names
//! them: WebVTT `<v Name>`, `Name:` before a cue's words). A sentence longer than the cap is cut between
//! cues. The episode keeps the passages' words in one string, one passage a line, and their starts; the
//! graph keeps only the counts and the words around each match.

use serde::{Deserialize, Serialize};

/// A passage closes at the last sentence end before it would run longer than this.
pub const PASSAGE_SECONDS: u32 = 60;
/// A gap between one cue's end and the next cue's start longer than this closes a passage.
pub const PAUSE_SECONDS: u32 = 5;

/// A transcript, as the episode keeps it: how many cues it had, how long it runs, and its passages.
/// It serializes as its counts, `{ "cues": 946, "passages": 61, "seconds": 3721 }`; the words are for the
/// tagger, not the outputs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Transcript {
    /// Cues read (empty ones and those with bad times are not counted).
    pub cues: u32,
    /// How long it runs: the last cue's end where the format gives ends, its start otherwise.
    pub seconds: u32,
    /// The passages' words, one passage a line (no passage holds a newline).
    text: String,
    /// Where each passage starts in `text`.
    offsets: Vec<u32>,
    /// Each passage's start in seconds.
    starts: Vec<u32>,
}

/// A passage of a transcript.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Passage<'a> {
    /// Its start, in seconds.
    pub seconds: u32,
    /// Its words.
    pub text: &'a str,
}

impl Transcript {
    /// A transcript known only by its counts (read back from JSON): no passages to tag.
    pub fn from_counts(counts: TranscriptCounts) -> Self {
        Transcript {
            cues: counts.cues,
            seconds: counts.seconds,
            text: String::new(),
            offsets: Vec::new(),
            // A count is not memory to take: a hostile file could name billions of passages.
            starts: vec![0; counts.passages.min(1 << 20) as usize],
        }
    }

    /// What the graph and the outputs keep of it.
    pub fn counts(&self) -> TranscriptCounts {
        TranscriptCounts {
            cues: self.cues,
            passages: u32::try_from(self.len()).unwrap_or(u32::MAX),
            seconds: self.seconds,
        }
    }

    /// How many passages there are.
    pub fn len(&self) -> usize {
        self.starts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// Every passage's words, one passage a line, in order: what the tagger reads at once.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Where passage `index` starts in [`Transcript::text`].
    pub fn offset(&self, index: usize) -> Option<usize> {
        self.offsets.get(index).map(|&o| o as usize)
    }

    /// The passage that holds byte `at` of [`Transcript::text`], and where it starts there.
    pub fn passage_at(&self, at: usize) -> Option<(usize, usize)> {
        let index = self.offsets.partition_point(|&o| o as usize <= at);
        let index = index.checked_sub(1)?;
        Some((index, self.offsets[index] as usize))
    }

    /// The passage that holds all of `span` (a range of [`Transcript::text`]): its index and where it
    /// starts; `None` for a span that runs from one passage into the next, which no mention may.
    pub fn passage_of(&self, span: &std::ops::Range<usize>) -> Option<(usize, usize)> {
        let (index, start) = self.passage_at(span.start)?;
        let last = span.end.saturating_sub(1).max(span.start);
        let (last_index, _) = self.passage_at(last)?;
        (last_index == index).then_some((index, start))
    }

    /// Passage `index`.
    pub fn get(&self, index: usize) -> Option<Passage<'_>> {
        let start = *self.offsets.get(index)? as usize;
        let end = self
            .offsets
            .get(index + 1)
            .map_or(self.text.len(), |&o| o as usize - 1);
        Some(Passage {
            seconds: self.starts[index],
            text: self.text.get(start..end)?.trim_end_matches('\n'),
        })
    }

    /// The passages in order.
    pub fn iter(&self) -> impl Iterator<Item = Passage<'_>> {
        (0..self.offsets.len()).filter_map(|i| self.get(i))
    }

    /// How long passage `index` lasts: until the next one starts, or until the transcript ends.
    pub fn length(&self, index: usize) -> Option<u32> {
        let start = *self.starts.get(index)?;
        let end = self.starts.get(index + 1).copied().unwrap_or(self.seconds);
        Some(end.saturating_sub(start))
    }
}

/// What the outputs say of a transcript (graph contract 2, the episode's `transcript`): how many cues and
/// passages it had and how long it runs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TranscriptCounts {
    pub cues: u32,
    pub passages: u32,
    pub seconds: u32,
}

impl Serialize for Transcript {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.counts().serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Transcript {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        TranscriptCounts::deserialize(deserializer).map(Transcript::from_counts)
    }
}

/// A cue as the readers hand it over: its start, its end where the format gives one, the speaker where
/// the format names one, and its words (markup taken out, one space between words).
#[derive(Debug, Clone, Copy)]
pub struct Cue<'a> {
    pub start: u32,
    pub end: Option<u32>,
    pub speaker: Option<&'a str>,
    pub text: &'a str,
}

/// Joins cues into passages, one cue at a time.
#[derive(Debug, Default)]
pub struct PassageBuilder {
    transcript: Transcript,
    /// The open passage: where it starts in the text, its start in seconds, and its speaker.
    open: Option<Open>,
    /// The cues of the open passage: where each starts in the text and its start in seconds, so that a
    /// sentence end inside one can be given a time. One list for every passage, not one each (a transcript
    /// has a passage every fifteen cues or so, and each list grew from empty).
    cues: Vec<(usize, u32)>,
    /// The end of the last cue, where the format gives ends.
    last_end: Option<u32>,
    /// The latest time seen (a cue's end, or its start): the transcript's length.
    latest: u32,
}

#[derive(Debug)]
struct Open {
    seconds: u32,
    speaker: Option<String>,
    /// Just after the last sentence end in the open passage (where a space follows it), if any.
    sentence_end: Option<usize>,
}

impl PassageBuilder {
    /// A builder whose words will take at most `bytes` (a transcript's passages are never longer than
    /// its file): room taken once rather than grown by doubling.
    pub fn with_capacity(bytes: usize) -> Self {
        let mut builder = Self::default();
        builder.transcript.text.reserve_exact(bytes);
        builder
    }

    /// Add a cue; cues come in order of time (one that starts before the last is taken where it is).
    pub fn push(&mut self, cue: Cue<'_>) {
        if cue.text.is_empty() {
            return;
        }
        self.transcript.cues = self.transcript.cues.saturating_add(1);
        let too_long = |open: &Option<Open>| {
            open.as_ref()
                .is_some_and(|o| cue.start.saturating_sub(o.seconds) >= PASSAGE_SECONDS)
        };
        let new_speaker = self.open.as_ref().is_some_and(|open| {
            cue.speaker
                .is_some_and(|s| open.speaker.as_deref() != Some(s))
        });
        let paused = self
            .last_end
            .is_some_and(|end| cue.start > end.saturating_add(PAUSE_SECONDS));
        if new_speaker || paused {
            self.close();
        } else if too_long(&self.open) {
            self.cut(cue.start);
            // The rest of a sentence that began long ago is closed between cues.
            if too_long(&self.open) {
                self.close();
            }
        }
        self.append(cue);
        self.last_end = cue.end;
        self.latest = self.latest.max(cue.end.unwrap_or(cue.start));
    }

    /// The transcript, its last passage closed.
    pub fn finish(mut self) -> Transcript {
        self.close();
        self.transcript.seconds = self.latest;
        // Kept until the episode is tagged, beside every other transcript read: no room to spare. Room
        // taken and not written costs nothing while it is held, but memory freed and taken again does, so
        // a corpus of transcripts held a third more than their words (README, Speed).
        let transcript = &mut self.transcript;
        transcript.text.shrink_to_fit();
        transcript.offsets.shrink_to_fit();
        transcript.starts.shrink_to_fit();
        self.transcript
    }

    /// Append a cue's words to the open passage (opening one if needed) and note its sentence ends.
    fn append(&mut self, cue: Cue<'_>) {
        let text = &mut self.transcript.text;
        let open = self.open.get_or_insert_with(|| {
            self.transcript.offsets.push(text.len() as u32);
            self.transcript.starts.push(cue.start);
            Open {
                seconds: cue.start,
                speaker: cue.speaker.map(str::to_string),
                sentence_end: None,
            }
        });
        if !self.cues.is_empty() {
            text.push(' ');
        }
        let at = text.len();
        self.cues.push((at, cue.start));
        // Newlines separate passages; a cue's words have none, but be sure.
        match memchr::memchr(b'\n', cue.text.as_bytes()) {
            None => text.push_str(cue.text),
            Some(_) => text.extend(cue.text.chars().map(|c| if c == '\n' { ' ' } else { c })),
        }
        if let Some(end) = last_sentence_end(&text[at..]) {
            open.sentence_end = Some(at + end);
        }
    }

    /// Close the open passage at its last sentence end when it has one inside, the rest of its words
    /// starting the next passage at the time the sentence ended; else close it whole. `next_start` is the
    /// start of the cue about to be added.
    fn cut(&mut self, next_start: u32) {
        let Some(open) = self.open.as_mut() else {
            return;
        };
        let text = &mut self.transcript.text;
        let cut = open
            .sentence_end
            .filter(|&at| text.as_bytes().get(at) == Some(&b' '));
        let Some(cut) = cut else {
            self.close();
            return;
        };
        let seconds = time_at(&self.cues, cut, text.len(), next_start).max(open.seconds);
        // The space after the sentence end becomes the newline between passages.
        text.replace_range(cut..cut + 1, "\n");
        let tail = cut + 1;
        // The cues after the cut stay, after the one that starts at the cut.
        self.cues.retain(|&(at, _)| at > tail);
        self.cues.insert(0, (tail, seconds));
        open.seconds = seconds;
        open.sentence_end = None;
        self.transcript.offsets.push(tail as u32);
        self.transcript.starts.push(seconds);
    }

    fn close(&mut self) {
        self.cues.clear();
        if self.open.take().is_some() {
            self.transcript.text.push('\n');
        }
    }
}

/// Just after the last sentence end of a cue's words (a `.`, `!` or `?`, with closing quotes or brackets,
/// then a space or the cue's end), if any. The marks are looked for from the end, not each word's end in
/// turn: most cues have none, and a `memrchr` a word was a twentieth of reading a transcript.
fn last_sentence_end(words: &str) -> Option<usize> {
    let bytes = words.as_bytes();
    let mut before = bytes.len();
    while let Some(mark) = memchr::memrchr3(b'.', b'!', b'?', &bytes[..before]) {
        let closers = bytes[mark + 1..]
            .iter()
            .take_while(|b| matches!(b, b'"' | b'\'' | b')' | b']'))
            .count();
        let end = mark + 1 + closers;
        if end == bytes.len() || bytes[end] == b' ' {
            return Some(end);
        }
        before = mark;
    }
    None
}

/// The time at byte `at` of the open passage's words: between the start of the cue it falls in and the
/// start of the next (`next_start` after the last cue), in proportion to the bytes before it.
fn time_at(cues: &[(usize, u32)], at: usize, text_end: usize, next_start: u32) -> u32 {
    let index = cues.partition_point(|&(start, _)| start <= at).max(1) - 1;
    let Some(&(from, seconds)) = cues.get(index) else {
        return next_start;
    };
    let (to, until) = cues
        .get(index + 1)
        .copied()
        .unwrap_or((text_end, next_start));
    let (bytes, span) = (at.saturating_sub(from), to.saturating_sub(from).max(1));
    let gap = until.saturating_sub(seconds) as usize;
    seconds.saturating_add((gap * bytes.min(span) / span) as u32)
}

/// The longest speaker's name [`speaker_prefix`] takes, in bytes.
const SPEAKER_BYTES: usize = 40;

/// A speaker named before a cue's words, `Name: words` (one to four capitalised words, at most 40 bytes),
/// and the words after it.
pub fn speaker_prefix(text: &str) -> Option<(&str, &str)> {
    // The first `: ` is looked for among the bytes a name can take, not through a whole cue.
    let head = &text.as_bytes()[..text.len().min(SPEAKER_BYTES + 2)];
    // By `memchr`: a `memmem` searcher built for each cue cost more than the search.
    let colon = memchr::memchr_iter(b':', head).find(|&i| head.get(i + 1) == Some(&b' '))?;
    let (name, rest) = (&text[..colon], &text[colon + 2..]);
    let words = name.split(' ');
    let plausible = !name.is_empty()
        && name.len() <= SPEAKER_BYTES
        && name.split(' ').count() <= 4
        && words
            .into_iter()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase))
        && !name.bytes().any(|b| b.is_ascii_digit());
    plausible.then_some((name, rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cue(start: u32, end: Option<u32>, text: &str) -> Cue<'_> {
        Cue {
            start,
            end,
            speaker: None,
            text,
        }
    }

    fn passages(transcript: &Transcript) -> Vec<(u32, &str)> {
        transcript.iter().map(|p| (p.seconds, p.text)).collect()
    }

    #[test]
    fn cues_join_into_whole_sentences_of_up_to_a_minute() {
        let mut b = PassageBuilder::default();
        b.push(cue(0, None, "Hello and welcome. This is"));
        b.push(cue(30, None, "your host. We talk about"));
        b.push(cue(50, None, "the GIL today and"));
        // 60 s after the start: the passage closes at its last sentence end, "host.".
        b.push(cue(62, None, "PEP 703. Then"));
        b.push(cue(70, None, "more."));
        let t = b.finish();
        assert_eq!(
            passages(&t),
            [
                (0, "Hello and welcome. This is your host."),
                (38, "We talk about the GIL today and PEP 703. Then more.")
            ]
        );
        assert_eq!((t.cues, t.seconds, t.len()), (5, 70, 2));
        // Each passage lasts until the next starts; the last until the transcript ends.
        assert_eq!((t.length(0), t.length(1)), (Some(38), Some(32)));
    }

    #[test]
    fn a_sentence_longer_than_a_minute_is_cut_between_cues() {
        let mut b = PassageBuilder::default();
        for (i, words) in ["and so", "on and", "on and", "on"].iter().enumerate() {
            b.push(cue(i as u32 * 25, None, words));
        }
        let t = b.finish();
        assert_eq!(passages(&t), [(0, "and so on and on and"), (75, "on")]);
    }

    #[test]
    fn a_long_pause_closes_a_passage_mid_sentence() {
        let mut b = PassageBuilder::default();
        b.push(cue(0, Some(4), "we were saying"));
        b.push(cue(9, Some(12), "that the JIT"));
        b.push(cue(18, Some(20), "is fast."));
        let t = b.finish();
        assert_eq!(
            passages(&t),
            [(0, "we were saying that the JIT"), (18, "is fast.")]
        );
        assert_eq!(t.seconds, 20);
    }

    #[test]
    fn a_change_of_speaker_closes_a_passage() {
        let mut b = PassageBuilder::default();
        let said = |start, speaker, text| Cue {
            start,
            end: None,
            speaker: Some(speaker),
            text,
        };
        b.push(said(0, "Pablo", "Welcome"));
        b.push(said(2, "Pablo", "to the show."));
        b.push(said(4, "Łukasz", "Thanks"));
        b.push(cue(5, None, "for having me."));
        b.push(said(7, "Pablo", "So, PEP 703?"));
        let t = b.finish();
        assert_eq!(
            passages(&t),
            [
                (0, "Welcome to the show."),
                (4, "Thanks for having me."),
                (7, "So, PEP 703?")
            ]
        );
    }

    #[test]
    fn sentence_ends_need_a_space_or_the_cue_end_after_them() {
        assert_eq!(last_sentence_end("It is 5.76 years."), Some(17));
        assert_eq!(last_sentence_end("Is it? \"Yes.\" and so"), Some(13));
        assert_eq!(last_sentence_end("talkpython.fm slash"), None);
        assert_eq!(last_sentence_end(""), None);
    }

    /// The sentence end as first written: each word's end from the last, its closers, then its mark.
    fn last_sentence_end_word_by_word(words: &str) -> Option<usize> {
        let bytes = words.as_bytes();
        let mut end = bytes.len();
        loop {
            let closers = bytes[..end]
                .iter()
                .rev()
                .take_while(|b| matches!(b, b'"' | b'\'' | b')' | b']'))
                .count();
            let mark = end - closers;
            if mark > 0
                && matches!(bytes[mark - 1], b'.' | b'!' | b'?')
                && (end == bytes.len() || bytes[end] == b' ')
            {
                return Some(end);
            }
            end = memchr::memrchr(b' ', &bytes[..end])?;
        }
    }

    proptest::proptest! {
        #[test]
        fn sentence_ends_found_from_the_marks_are_those_found_word_by_word(
            words in "[a .!?\"')\\]x]{0,24}"
        ) {
            proptest::prop_assert_eq!(
                last_sentence_end(&words),
                last_sentence_end_word_by_word(&words)
            );
        }

        #[test]
        fn a_speaker_is_found_before_the_first_colon_and_space(text in "[Ab :1]{0,48}") {
            let head = &text[..text.len().min(SPEAKER_BYTES + 2)];
            let expected = head.find(": ");
            let found = speaker_prefix(&text).map(|(name, _)| name.len());
            proptest::prop_assert!(found.is_none() || found == expected);
            if let Some(colon) = expected {
                let name = &text[..colon];
                let plausible = !name.is_empty()
                    && name.split(' ').all(|w| w.starts_with('A'))
                    && name.split(' ').count() <= 4
                    && !name.contains('1');
                proptest::prop_assert_eq!(found.is_some(), plausible);
            }
        }
    }

    /// Two passages, the second cut inside the cue of 50..70 s at "seven".
    fn cut_inside_a_cue() -> Transcript {
        let mut b = PassageBuilder::default();
        b.push(cue(0, None, "one two three four"));
        b.push(cue(50, None, "five six. seven eight"));
        b.push(cue(70, None, "nine."));
        b.finish()
    }

    #[test]
    fn a_passage_cut_inside_a_cue_starts_at_the_time_of_its_words() {
        let t = cut_inside_a_cue();
        // "seven" starts 10 of the 21 bytes into the cue of 50..70 s.
        assert_eq!(
            passages(&t),
            [
                (0, "one two three four five six."),
                (58, "seven eight nine.")
            ]
        );
        assert_eq!(t.passage_at(t.text().find("eight").unwrap()), Some((1, 29)));
    }

    /// The cues of a passage closed by a pause are not those of the next, which is cut inside a cue.
    #[test]
    fn one_list_of_cues_serves_every_passage() {
        let mut b = PassageBuilder::default();
        b.push(cue(0, Some(4), "one two."));
        b.push(cue(20, Some(48), "three four five six"));
        b.push(cue(50, Some(80), "seven. eight nine"));
        b.push(cue(82, Some(84), "ten."));
        let t = b.finish();
        // "eight" starts 7 of the 17 bytes into the cue of 50..82 s (a space, then 6 bytes).
        assert_eq!(
            passages(&t),
            [
                (0, "one two."),
                (20, "three four five six seven."),
                (61, "eight nine ten.")
            ]
        );
    }

    #[test]
    fn a_span_belongs_to_a_passage_only_when_it_ends_there_too() {
        let t = cut_inside_a_cue();
        let at = |words: &str| {
            let start = t.text().find(words).unwrap();
            start..start + words.len()
        };
        assert_eq!(t.passage_of(&at("six.")), Some((0, 0)));
        assert_eq!(t.passage_of(&at("seven eight")), Some((1, 29)));
        // From the end of one passage into the next (the newline between them), as no mention may run.
        assert_eq!(t.passage_of(&at("six.\nseven")), None);
        // An empty span is where it starts.
        assert_eq!(t.passage_of(&(29..29)), Some((1, 29)));
    }

    #[test]
    fn speakers_are_capitalised_names_before_a_colon() {
        assert_eq!(
            speaker_prefix("Pablo Galindo: hi there"),
            Some(("Pablo Galindo", "hi there"))
        );
        assert_eq!(speaker_prefix("Łukasz: hi"), Some(("Łukasz", "hi")));
        for text in [
            "so: what",
            "At 10: no",
            "The thing is, really: no",
            "no colon",
        ] {
            assert_eq!(speaker_prefix(text), None, "{text}");
        }
    }

    #[test]
    fn a_speaker_name_is_at_most_forty_bytes_before_the_first_colon() {
        let forty = "Abcdefghi Abcdefghi Abcdefghi Abcdefghij";
        assert_eq!(forty.len(), 40);
        let said = format!("{forty}: words");
        assert_eq!(speaker_prefix(&said), Some((forty, "words")));
        assert_eq!(speaker_prefix(&format!("X{said}")), None);
        // Only the first `: ` counts, however far on a later one is.
        let late = format!("{} Pablo: hi", "word ".repeat(20));
        assert_eq!(speaker_prefix(&late), None);
        assert_eq!(
            speaker_prefix("Pablo: so: what"),
            Some(("Pablo", "so: what"))
        );
    }

    #[test]
    fn a_transcript_serializes_as_its_counts() {
        let mut b = PassageBuilder::default();
        b.push(cue(0, Some(3), "Hi."));
        let t = b.finish();
        let json = serde_json::to_string(&t).unwrap();
        assert_eq!(json, r#"{"cues":1,"passages":1,"seconds":3}"#);
        let back: Transcript = serde_json::from_str(&json).unwrap();
        assert_eq!((back.cues, back.len(), back.seconds), (1, 1, 3));
        assert!(back.text().is_empty());
    }
}
