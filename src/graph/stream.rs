//! A graph built from input files a file at a time: each file is read, its episodes tagged and planned
//! and its words let go on the thread that read it, so a folder of transcripts is never held whole (on
//! the 486 Python Bytes transcripts the words were 16 MB beside a graph of a few). The graph is the one
//! [`KnowledgeGraph::build`] makes of [`crate::ingest::read_inputs`]'s corpus, byte for byte.
//!
//! Episodes of different files that are one episode (the same show and number: a feed item and its
//! transcript) must be merged before they are tagged, and which ones are is known only once every file
//! is read. Notes and feeds are read first and kept whole; then a transcript's episode whose id was not
//! yet seen is planned at once, and one whose id was is kept whole. At the end, each merged episode is
//! made from its parts (those planned early are read again from their file, which gives the same
//! episodes) and planned; the rest keep their early plans. Only transcripts of the same episode in two
//! files are tagged twice that way, or a transcript read before a notes file named `.txt`.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use rayon::prelude::*;

use super::build::{Builder, EpisodePlan, plan_one};
use super::shows::{merge_episodes, merge_into, show_of};
use super::{BuildOptions, KnowledgeGraph};
use crate::ingest::{self, Episode, FileRead, IngestError, IngestOptions, InputFiles, Warning};
use crate::tag::Tagger;
use crate::taxonomy::Taxonomy;

impl KnowledgeGraph {
    /// Read input files and build their graph, as [`KnowledgeGraph::build`] of
    /// [`crate::ingest::read_inputs`]'s corpus does (the same graph), holding the words of only the files
    /// being read rather than of them all. Returns the graph and the warnings of reading (those of
    /// [`crate::ingest::Corpus::warnings`], after [`super::merge_episodes`]); the build's own are the
    /// graph's. `progress` is called with the number of episodes tagged so far, from any thread.
    pub fn build_from_inputs(
        files: &InputFiles,
        ingest: &IngestOptions,
        tagger: &Tagger,
        options: &BuildOptions,
        progress: &(dyn Fn(u64) + Sync),
    ) -> Result<(KnowledgeGraph, Vec<Warning>), IngestError> {
        let (planned, warnings) = Self::plan_inputs(files, ingest, tagger, options, progress)?;
        Ok((planned.into_graph(tagger.taxonomy()), warnings))
    }

    /// [`KnowledgeGraph::build_from_inputs`] in two steps: the files read and their episodes tagged and
    /// planned, then ([`Planned::into_graph`]) the graph made of the plans, which needs the taxonomy but
    /// not the tagger. A caller that is done tagging can free the tagger's automata in between
    /// ([`Tagger::into_taxonomy`]), so that they and the graph are never held together.
    pub fn plan_inputs<'a>(
        files: &InputFiles,
        ingest: &IngestOptions,
        tagger: &Tagger,
        options: &'a BuildOptions,
        progress: &(dyn Fn(u64) + Sync),
    ) -> Result<(Planned<'a>, Vec<Warning>), IngestError> {
        // One file has nothing to overlap (its episodes are tagged on every core), and chapters to attach
        // need the corpus's only episode.
        if files.len() < 2 || ingest.chapters.is_some() {
            let mut corpus = ingest::read_files(files, ingest)?;
            merge_episodes(&mut corpus, tagger.taxonomy());
            let warnings = std::mem::take(&mut corpus.warnings);
            let kg = Self::build_with_progress(corpus, tagger, options, progress);
            return Ok((Planned(Stage::Built(Box::new(kg))), warnings));
        }
        let stream = Stream {
            files,
            ingest,
            tagger,
            options,
            seen: Mutex::new(HashSet::new()),
            tagged: AtomicU64::new(0),
            progress,
        };
        // Megabytes of transcripts: the tagger's long-text automaton is built on one core while the
        // other reads the first files, rather than once the first MiB is tagged, with a core idle meanwhile.
        let ahead = long_input(files);
        let ((), order) = rayon::join(
            || {
                if ahead {
                    tagger.build_ahead()
                }
            },
            || stream.read_all(),
        );
        let order = order?;
        if order.slots.is_empty() {
            return Err(files.no_episodes());
        }
        let show = order.only_show.clone().flatten();
        let (plans, warnings) = stream.finish(order)?;
        let stage = Stage::Plans {
            plans,
            show,
            options,
        };
        Ok((Planned(stage), warnings))
    }
}

/// Whether the files that may be transcripts are long input for the tagger ([`Tagger::long_input`]), by
/// their sizes, summed only until they are (a size not known counts as none: the file is read all the same).
fn long_input(files: &InputFiles) -> bool {
    let mut bytes = 0;
    files.paths().enumerate().any(|(i, path)| {
        if files.may_be_transcript(i) {
            bytes += std::fs::metadata(path).map_or(0, |m| m.len());
        }
        Tagger::long_input(bytes)
    })
}

/// Input files' episodes tagged and planned, in order, for [`Planned::into_graph`] to make their graph
/// ([`KnowledgeGraph::plan_inputs`]).
pub struct Planned<'a>(Stage<'a>);

enum Stage<'a> {
    /// The inputs were tagged a corpus at a time (one file, or chapters to attach) and their graph made.
    Built(Box<KnowledgeGraph>),
    Plans {
        plans: Vec<EpisodePlan>,
        /// The title of the show every episode belongs to, if they do.
        show: Option<String>,
        options: &'a BuildOptions,
    },
}

impl Planned<'_> {
    /// The graph of the plans; `taxonomy` is the one of the tagger that planned them.
    pub fn into_graph(self, taxonomy: &Taxonomy) -> KnowledgeGraph {
        match self.0 {
            Stage::Built(kg) => *kg,
            Stage::Plans {
                plans,
                show,
                options,
            } => {
                let mut builder = Builder::new(taxonomy, options, show);
                builder.reserve_for(&plans);
                for plan in plans {
                    builder.add_episode(plan);
                }
                builder.finish()
            }
        }
    }
}

/// What the streaming build shares between threads.
struct Stream<'a> {
    files: &'a InputFiles,
    ingest: &'a IngestOptions,
    tagger: &'a Tagger,
    options: &'a BuildOptions,
    /// The ids of the episodes read so far, by any thread: an episode whose id is here is kept whole, as
    /// it will be merged.
    seen: Mutex<HashSet<String>>,
    tagged: AtomicU64,
    progress: &'a (dyn Fn(u64) + Sync),
}

/// What reading one file gave.
enum Part {
    Skipped(Warning),
    Read {
        warnings: Vec<Warning>,
        episodes: Vec<Item>,
    },
}

/// Where an episode is: its file and its place among the file's episodes, to read it again.
type At = (usize, usize);

/// Episodes read again, by where they are.
type Again = HashMap<At, Episode>;

/// One episode of a file, planned or kept whole.
struct Item {
    /// Its id (`episode:python-bytes/13`): the episodes of one id are merged.
    id: String,
    /// Its show's slug and title, for the graph's `show` when every episode has the same.
    show: (String, String),
    at: At,
    state: State,
}

enum State {
    /// Tagged and planned: its transcript's words are gone.
    Planned(EpisodePlan),
    /// Not yet tagged: it is merged with another file's episode, or its file cannot be read again.
    Whole(Episode),
}

impl Stream<'_> {
    /// Read every file, notes and feeds first, kept whole (they are small): the transcripts of their
    /// episodes are then known to be merged when read, and kept whole rather than tagged twice. The
    /// episodes are taken in file order, and the first error in that order is the one returned.
    fn read_all(&self) -> Result<Order, IngestError> {
        let files = self.files;
        let (transcripts, others): (Vec<usize>, Vec<usize>) =
            (0..files.len()).partition(|&i| files.may_be_transcript(i));
        let mut parts: Vec<Option<Result<Part, IngestError>>> = Vec::new();
        parts.resize_with(files.len(), || None);
        for (plan, indexes) in [(false, others), (true, transcripts)] {
            let read: Vec<(usize, Result<Part, IngestError>)> = indexes
                .into_par_iter()
                .map(|index| (index, self.read(index, plan)))
                .collect();
            for (index, part) in read {
                parts[index] = Some(part);
            }
        }
        let mut order = Order::new(files);
        for part in parts.into_iter().flatten() {
            order.add(part?);
        }
        Ok(order)
    }

    /// Read file `index` and, if `plan`, plan each of its episodes whose id no file has yet given.
    fn read(&self, index: usize, plan: bool) -> Result<Part, IngestError> {
        let mut corpus = match self.files.read(index, self.ingest)? {
            FileRead::Read(corpus) => corpus,
            FileRead::Skipped(warning) => return Ok(Part::Skipped(warning)),
        };
        corpus.set_show(self.ingest.show.as_deref(), &self.ingest.hosts);
        let taxonomy = self.tagger.taxonomy();
        let ids: Vec<(String, (String, String))> = corpus
            .episodes
            .iter()
            .map(|episode| {
                let show = show_of(episode, taxonomy);
                (episode.id_in(&show.slug), (show.slug, show.title))
            })
            .collect();
        let early = plan && self.files.rereadable(index);
        let first = {
            let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
            ids.iter()
                .map(|(id, _)| seen.insert(id.clone()))
                .collect::<Vec<bool>>()
        };
        let episodes = corpus
            .episodes
            .into_par_iter()
            .zip(ids)
            .zip(first)
            .enumerate()
            .map(|(place, ((episode, (id, show)), first))| {
                let state = if early && first {
                    State::Planned(self.plan(episode))
                } else {
                    State::Whole(episode)
                };
                Item {
                    id,
                    show,
                    at: (index, place),
                    state,
                }
            })
            .collect();
        Ok(Part::Read {
            warnings: corpus.warnings,
            episodes,
        })
    }

    fn plan(&self, episode: Episode) -> EpisodePlan {
        let plan = plan_one(self.tagger, self.options, episode);
        (self.progress)(self.tagged.fetch_add(1, Ordering::Relaxed) + 1);
        plan
    }

    /// The plans of every episode in order, and the warnings of reading and merging.
    fn finish(&self, order: Order) -> Result<(Vec<EpisodePlan>, Vec<Warning>), IngestError> {
        let Order {
            slots,
            mut warnings,
            ..
        } = order;
        let mut again = self.read_again(&slots)?;
        let mut merged = Vec::new();
        let slots: Vec<Slot> = slots
            .into_iter()
            .map(|slot| slot.whole(&mut again, &mut merged))
            .collect();
        // Merge warnings come after those of reading, in the order of the episodes merged.
        merged.sort_by_key(|(later, _)| *later);
        warnings.extend(merged.into_iter().map(|(_, warning)| warning));
        let plans = slots
            .into_par_iter()
            .map(|slot| match slot.first.state {
                State::Planned(plan) => plan,
                State::Whole(episode) => self.plan(episode),
            })
            .collect();
        Ok((plans, warnings))
    }

    /// The episodes to merge that were planned early, read again from their files: by file and place.
    fn read_again(&self, slots: &[Slot]) -> Result<Again, IngestError> {
        let mut wanted: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for slot in slots.iter().filter(|s| !s.laters.is_empty()) {
            let items = std::iter::once(&slot.first).chain(slot.laters.iter().map(|(_, i)| i));
            for item in items.filter(|i| matches!(i.state, State::Planned(_))) {
                wanted.entry(item.at.0).or_default().push(item.at.1);
            }
        }
        let read: Vec<Result<Vec<(At, Episode)>, IngestError>> = wanted
            .into_par_iter()
            .map(|(file, places)| {
                let FileRead::Read(mut corpus) = self.files.read(file, self.ingest)? else {
                    return Err(self.files.changed(file));
                };
                corpus.set_show(self.ingest.show.as_deref(), &self.ingest.hosts);
                let mut episodes: Vec<Option<Episode>> =
                    corpus.episodes.into_iter().map(Some).collect();
                places
                    .into_iter()
                    .map(|place| {
                        let episode = episodes.get_mut(place).and_then(Option::take);
                        episode
                            .map(|e| ((file, place), e))
                            .ok_or_else(|| self.files.changed(file))
                    })
                    .collect()
            })
            .collect();
        let mut again = HashMap::new();
        for episodes in read {
            again.extend(episodes?);
        }
        Ok(again)
    }
}

/// The episodes in corpus order, each with the later ones of its id.
struct Order {
    slots: Vec<Slot>,
    /// The place of each id's first episode in `slots`.
    first_of: HashMap<String, usize>,
    /// The warnings of reading, in file order.
    warnings: Vec<Warning>,
    /// How many later episodes were found so far: their merge warnings keep this order.
    laters: usize,
    /// The title of the show of every episode so far: `None` before the first, `Some(None)` once two
    /// differ.
    only_show: Option<Option<String>>,
    /// The slug of that show.
    only_slug: String,
}

struct Slot {
    first: Item,
    /// The episodes of the same id from later in the corpus, each with its place among all such.
    laters: Vec<(usize, Item)>,
}

impl Order {
    fn new(files: &InputFiles) -> Self {
        Order {
            slots: Vec::new(),
            first_of: HashMap::new(),
            warnings: files.warnings().to_vec(),
            laters: 0,
            only_show: None,
            only_slug: String::new(),
        }
    }

    /// Take a file's episodes, in order after those before.
    fn add(&mut self, part: Part) {
        let episodes = match part {
            Part::Skipped(warning) => {
                self.warnings.push(warning);
                return;
            }
            Part::Read { warnings, episodes } => {
                self.warnings.extend(warnings);
                episodes
            }
        };
        for item in episodes {
            match self.first_of.get(&item.id) {
                Some(&slot) => {
                    self.slots[slot].laters.push((self.laters, item));
                    self.laters += 1;
                }
                None => {
                    self.note_show(&item.show);
                    self.first_of.insert(item.id.clone(), self.slots.len());
                    self.slots.push(Slot {
                        first: item,
                        laters: Vec::new(),
                    });
                }
            }
        }
    }

    fn note_show(&mut self, (slug, title): &(String, String)) {
        match &self.only_show {
            None => {
                self.only_show = Some(Some(title.clone()));
                self.only_slug.clone_from(slug);
            }
            Some(Some(_)) if *slug != self.only_slug => self.only_show = Some(None),
            Some(_) => {}
        }
    }
}

impl Slot {
    /// The slot with its later episodes merged into the first, which is then whole (to be planned); a
    /// slot without later episodes as it is. `merged` gets the merge warnings, with the later episode's
    /// place.
    fn whole(self, again: &mut Again, merged: &mut Vec<(usize, Warning)>) -> Slot {
        if self.laters.is_empty() {
            return self;
        }
        let mut take = |item: Item| match item.state {
            State::Whole(episode) => episode,
            // Read again by `read_again`, which failed if it could not give it.
            State::Planned(_) => again.remove(&item.at).unwrap_or_else(Episode::placeholder),
        };
        let Slot { first, laters } = self;
        let (id, show, at) = (first.id.clone(), first.show.clone(), first.at);
        let mut episode = take(first);
        for (place, later) in laters {
            let warnings = merge_into(&mut episode, take(later));
            merged.extend(warnings.into_iter().map(|w| (place, w)));
        }
        Slot {
            first: Item {
                id,
                show,
                at,
                state: State::Whole(episode),
            },
            laters: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::export::{self, ExportOptions, Format};
    use crate::test_support::builtin_tagger as tagger;

    /// A WebVTT transcript naming `words` in its cues.
    fn vtt(words: &[&str]) -> String {
        let mut text = String::from("WEBVTT\n\n");
        for (i, w) in words.iter().enumerate() {
            let (start, end) = (i * 30, i * 30 + 20);
            text.push_str(&format!(
                "00:{:02}:{:02}.000 --> 00:{:02}:{:02}.000\nWe talked about {w} today.\n\n",
                start / 60,
                start % 60,
                end / 60,
                end % 60
            ));
        }
        text
    }

    /// Timed notes of episodes 1 and 2, each naming `topic`.
    fn notes(topic: &str) -> String {
        format!(
            "# Episode 1: One\n\n00:00 Intro\n10:00 {topic} in 3.13\n\n\
             # Episode 2: Two\n\n00:00 Hello\n05:00 More on {topic}\n"
        )
    }

    /// The graph as JSON and the warnings, of the folder read whole and then built, and built a file at
    /// a time.
    fn both_ways(dir: &Path) -> [(String, Vec<String>); 2] {
        both_ways_with(dir, tagger(), tagger())
    }

    /// [`both_ways`], the folder read whole tagged by `whole` and built a file at a time by `streamed`.
    fn both_ways_with(dir: &Path, whole: &Tagger, streamed: &Tagger) -> [(String, Vec<String>); 2] {
        let tagger = whole;
        let ingest = IngestOptions {
            show: Some("corepy".into()),
            ..IngestOptions::default()
        };
        let options = BuildOptions::default();
        let json = |kg: &KnowledgeGraph| {
            let mut out = Vec::new();
            export::write(kg, Format::Json, &ExportOptions::default(), &mut out).unwrap();
            String::from_utf8(out).unwrap()
        };
        let texts = |w: &[Warning]| w.iter().map(ToString::to_string).collect::<Vec<_>>();
        let mut corpus = ingest::read_inputs(&[dir.to_path_buf()], &ingest).unwrap();
        merge_episodes(&mut corpus, tagger.taxonomy());
        let warnings = texts(&corpus.warnings);
        let whole = KnowledgeGraph::build(corpus, tagger, &options);
        let files = InputFiles::find(&[dir.to_path_buf()]).unwrap();
        let (streamed, streamed_warnings) =
            KnowledgeGraph::build_from_inputs(&files, &ingest, streamed, &options, &|_| {})
                .unwrap();
        [
            (json(&whole), warnings),
            (json(&streamed), texts(&streamed_warnings)),
        ]
    }

    #[test]
    fn a_folder_built_a_file_at_a_time_is_the_graph_of_it_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
        // Notes before the transcripts they merge with, and after them (the transcripts are then
        // planned first and read again); two timed notes of episode 2 disagree (a merge warning); an
        // empty file is skipped (a reading warning).
        write("0-notes.md", &notes("PEP 703"));
        write(
            "001-one.vtt",
            &vtt(&["asyncio", "PEP 703", "Guido van Rossum"]),
        );
        write("002-two.vtt", &vtt(&["the GIL", "PEP 684"]));
        write("003-three.vtt", &vtt(&["pathlib", "PEP 594"]));
        write("z-notes.md", &notes("subinterpreters"));
        write("zz-empty.md", "");
        let [whole, streamed] = both_ways(dir.path());
        assert_eq!(streamed.1, whole.1);
        assert!(
            whole
                .1
                .iter()
                .any(|w| w.contains("different timed chapters")),
            "{:?}",
            whole.1
        );
        assert!(
            whole.1.iter().any(|w| w.contains("skipped")),
            "{:?}",
            whole.1
        );
        assert!(streamed.0 == whole.0, "the graphs differ");
        // Three episodes, each merged from its inputs, with the transcripts' counts and the notes' chapters.
        assert_eq!(streamed.0.matches("\"kind\":\"episode\"").count(), 3);
        assert!(
            streamed.0.contains("More on subinterpreters")
                || streamed.0.contains("More on PEP 703")
        );
    }

    #[test]
    fn transcripts_of_one_episode_in_two_files_are_the_graph_of_them_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
        // Two transcripts of episode 1: whichever is read first is planned, then read again to be
        // merged with the other.
        write("001-again.vtt", &vtt(&["pathlib", "PEP 594"]));
        write("001-one.vtt", &vtt(&["asyncio", "PEP 703"]));
        write("002-two.vtt", &vtt(&["the GIL"]));
        let [whole, streamed] = both_ways(dir.path());
        assert_eq!(streamed.1, whole.1);
        assert!(streamed.0 == whole.0, "the graphs differ");
        assert_eq!(streamed.0.matches("\"kind\":\"episode\"").count(), 2);
    }

    #[test]
    fn megabytes_of_transcripts_built_with_the_automaton_built_ahead_are_the_graph_of_them_read_whole()
     {
        let dir = tempfile::tempdir().unwrap();
        let words = [
            "asyncio",
            "PEP 703",
            "the GIL",
            "pathlib",
            "Guido van Rossum",
        ];
        for file in 0..3 {
            let mut text = String::from("WEBVTT\n\n");
            for cue in 0..12_000 {
                let (h, m, s) = (cue / 3600, cue / 60 % 60, cue % 60);
                let word = words[(cue + file) % words.len()];
                text.push_str(&format!(
                    "{h:02}:{m:02}:{s:02}.000 --> {h:02}:{m:02}:{s:02}.500\nWe talked about {word} today.\n\n"
                ));
            }
            std::fs::write(dir.path().join(format!("00{file}-talk.vtt")), text).unwrap();
        }
        let files = InputFiles::find(&[dir.path().to_path_buf()]).unwrap();
        assert!(long_input(&files), "2.3 MB of transcripts are long input");
        let fresh = || Tagger::new(Taxonomy::builtin().unwrap()).unwrap();
        let [whole, streamed] = both_ways_with(dir.path(), &fresh(), &fresh());
        assert_eq!(streamed.1, whole.1);
        assert!(streamed.0 == whole.0, "the graphs differ");
        assert_eq!(streamed.0.matches("\"kind\":\"episode\"").count(), 3);
        // A few cues are not.
        let small = tempfile::tempdir().unwrap();
        std::fs::write(small.path().join("001-one.vtt"), vtt(&words)).unwrap();
        std::fs::write(small.path().join("002-two.vtt"), vtt(&words)).unwrap();
        assert!(!long_input(
            &InputFiles::find(&[small.path().to_path_buf()]).unwrap()
        ));
    }
}
