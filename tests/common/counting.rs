//! A counting allocator for the tests that bound memory: the system allocator, counting the bytes held
//! and the most held since [`peak_during`] began. A test file that uses it registers it itself:
//! `#[global_allocator] static ALLOCATOR: common::counting::Counting = common::counting::Counting;`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

pub struct Counting;

static HELD: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let held = HELD.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(held, Ordering::Relaxed);
        // SAFETY: the caller's layout goes to the system allocator as it came.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        HELD.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: `ptr` was allocated by `alloc` above with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }
}

/// The bytes held now.
pub fn held() -> usize {
    HELD.load(Ordering::Relaxed)
}

/// The most memory held, beyond what was held at the start, while `work` ran. Callers keep other
/// threads' allocations out of the window (one test at a time).
pub fn peak_during(work: impl FnOnce()) -> usize {
    let before = held();
    PEAK.store(before, Ordering::Relaxed);
    work();
    PEAK.load(Ordering::Relaxed).saturating_sub(before)
}
