//! The session kept in the browser (IndexedDB, through the `idb` crate): every document's
//! text, label, date and outlet, the display order, the view and the selection. Restored on
//! reload without the person doing anything; the texts are analysed afresh (results are
//! never stored, so an updated page never trusts an older engine's output).
//!
//! Layout: database `parallax`, store `docs` (one JSON record per document, keyed by its
//! stable id) and store `meta` (one JSON record, key `session`: format, the switch, order,
//! place). When storage is refused (a private window, a full disk) the page says so once
//! and keeps working in memory. The "don't keep on this device" switch deletes every
//! document and remembers only that it is off.

// Natively (where the reducer and the views are tested) there is no browser store: the
// records and the write queue are built but never written.
#![cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use serde::{Deserialize, Serialize};
use yew::prelude::*;

use super::route::Route;
use super::state::{Action, State, Storage, StoredDoc};

/// Version of the stored format. A newer page reads older records it knows; records of a
/// newer format (after a downgrade) are left alone.
pub const FORMAT: u32 = 1;

/// How long the store may take to answer before the page starts without it (ms).
const PATIENCE_MS: u32 = 3000;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct DocRecord {
    format: u32,
    key: String,
    name: String,
    text: String,
    label: String,
    date: Option<String>,
    outlet: Option<String>,
    #[serde(default)]
    about: crate::engine::About,
    #[serde(default)]
    left_out: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct MetaRecord {
    format: u32,
    keep: bool,
    order: Vec<String>,
    route: String,
}

/// What was read back.
struct Loaded {
    docs: Vec<StoredDoc>,
    meta: Option<MetaRecord>,
}

fn record(d: &StoredDoc) -> DocRecord {
    DocRecord {
        format: FORMAT,
        key: d.key.clone(),
        name: d.name.clone(),
        text: d.text.clone(),
        label: d.label.clone(),
        date: d.date.clone(),
        outlet: d.outlet.clone(),
        about: d.about.clone(),
        left_out: d.left_out.clone(),
    }
}

#[cfg(target_arch = "wasm32")]
mod db {
    use idb::{Database, DatabaseEvent, Factory, ObjectStoreParams, TransactionMode};
    use wasm_bindgen::JsValue;

    use super::{DocRecord, FORMAT, Loaded, MetaRecord};
    use crate::app::state::StoredDoc;

    const NAME: &str = "parallax";
    const META_KEY: &str = "session";

    fn explain(e: idb::Error) -> String {
        let text = e.to_string();
        if text.to_lowercase().contains("quota") {
            "This browser's storage for the page is full".to_string()
        } else {
            format!("This browser refused to store the session ({text})")
        }
    }

    pub async fn open() -> Result<Database, String> {
        let factory = Factory::new().map_err(explain)?;
        let mut request = factory.open(NAME, Some(1)).map_err(explain)?;
        request.on_upgrade_needed(|event| {
            if let Ok(db) = event.database() {
                for store in ["docs", "meta"] {
                    if !db.store_names().iter().any(|s| s == store) {
                        let _ = db.create_object_store(store, ObjectStoreParams::new());
                    }
                }
            }
        });
        request.await.map_err(explain)
    }

    pub async fn load(db: &Database) -> Result<Loaded, String> {
        let tx = db
            .transaction(&["docs", "meta"], TransactionMode::ReadOnly)
            .map_err(explain)?;
        let meta_store = tx.object_store("meta").map_err(explain)?;
        let meta = meta_store
            .get(JsValue::from_str(META_KEY))
            .map_err(explain)?
            .await
            .map_err(explain)?
            .and_then(|v| v.as_string())
            .and_then(|s| serde_json::from_str::<MetaRecord>(&s).ok())
            .filter(|m| m.format <= FORMAT);
        let values = tx
            .object_store("docs")
            .map_err(explain)?
            .get_all(None, None)
            .map_err(explain)?
            .await
            .map_err(explain)?;
        let docs = values
            .into_iter()
            .filter_map(|v| v.as_string())
            .filter_map(|s| serde_json::from_str::<DocRecord>(&s).ok())
            .filter(|r| r.format <= FORMAT)
            .map(|r| StoredDoc {
                key: r.key,
                name: r.name,
                text: r.text,
                label: r.label,
                date: r.date,
                outlet: r.outlet,
                about: r.about,
                left_out: r.left_out,
            })
            .collect();
        Ok(Loaded { docs, meta })
    }

    /// Writes records, deletes gone ones, clears, writes the meta record: in one transaction.
    pub async fn write(
        db: &Database,
        put: Vec<(String, String)>,
        delete: Vec<String>,
        clear: bool,
        meta: Option<String>,
    ) -> Result<(), String> {
        if put.is_empty() && delete.is_empty() && !clear && meta.is_none() {
            return Ok(());
        }
        let tx = db
            .transaction(&["docs", "meta"], TransactionMode::ReadWrite)
            .map_err(explain)?;
        let docs = tx.object_store("docs").map_err(explain)?;
        if clear {
            docs.clear().map_err(explain)?;
        }
        for key in delete {
            docs.delete(JsValue::from_str(&key)).map_err(explain)?;
        }
        for (key, value) in put {
            docs.put(&JsValue::from_str(&value), Some(&JsValue::from_str(&key)))
                .map_err(explain)?;
        }
        if let Some(meta) = meta {
            tx.object_store("meta")
                .map_err(explain)?
                .put(
                    &JsValue::from_str(&meta),
                    Some(&JsValue::from_str(META_KEY)),
                )
                .map_err(explain)?;
        }
        let result = tx.await.map_err(explain)?;
        if result.is_committed() {
            Ok(())
        } else {
            Err("This browser's storage for the page is full".into())
        }
    }
}

/// Reads the session back once, then keeps the store in step with the documents, labels,
/// order, view and selection.
#[hook]
pub fn use_session_store(state: &UseReducerHandle<State>) {
    #[cfg(target_arch = "wasm32")]
    type Db = Rc<idb::Database>;
    #[cfg(not(target_arch = "wasm32"))]
    type Db = ();
    let db: Rc<RefCell<Option<Db>>> = use_memo((), |_| RefCell::new(None));
    // What the store holds now: stable id → signature; and the last meta written.
    let written: Rc<RefCell<HashMap<String, String>>> =
        use_memo((), |_| RefCell::new(HashMap::new()));
    let last_meta: Rc<RefCell<Option<MetaRecord>>> = use_memo((), |_| RefCell::new(None));
    let queue: Rc<RefCell<std::collections::VecDeque<Job>>> =
        use_memo((), |_| RefCell::new(std::collections::VecDeque::new()));

    // Read back once.
    {
        let dispatch = state.dispatcher();
        let db = db.clone();
        let written = written.clone();
        use_effect_with((), move |_| {
            let answered = Rc::new(std::cell::Cell::new(false));
            {
                let answered = answered.clone();
                let dispatch = dispatch.clone();
                gloo::timers::callback::Timeout::new(PATIENCE_MS, move || {
                    if !answered.replace(true) {
                        dispatch.dispatch(Action::StorageUnavailable(
                            "This browser did not open its storage in time: your documents are kept only until you close the page.".into(),
                        ));
                    }
                })
                .forget();
            }
            #[cfg(target_arch = "wasm32")]
            wasm_bindgen_futures::spawn_local(async move {
                let result = async {
                    let handle = db::open().await?;
                    let loaded = db::load(&handle).await?;
                    Ok::<_, String>((handle, loaded))
                }
                .await;
                if answered.replace(true) {
                    return;
                }
                match result {
                    Ok((handle, loaded)) => {
                        *written.borrow_mut() = loaded
                            .docs
                            .iter()
                            .map(|d| signature(&d.key, &d.label, &d.date, &d.outlet))
                            .collect();
                        *db.borrow_mut() = Some(Rc::new(handle));
                        dispatch.dispatch(restore(loaded));
                    }
                    Err(reason) => dispatch.dispatch(Action::StorageUnavailable(format!(
                        "{reason}: your documents are kept only until you close the page."
                    ))),
                }
            });
            #[cfg(not(target_arch = "wasm32"))]
            {
                let _ = (db, written, answered, restore as fn(Loaded) -> Action);
            }
        });
    }

    // Write what changed. A document's text never changes under its id (the id is a hash of
    // it), so only new ids, gone ids and changed labels are written.
    let keep = state.storage.clone();
    let labels: Vec<(String, String)> = state
        .docs
        .iter()
        .map(|d| signature(&d.key, &d.label, &d.date, &d.outlet))
        .collect();
    let meta = MetaRecord {
        format: FORMAT,
        keep: keep != Storage::Off,
        order: state.order_keys(),
        route: state.route.to_hash(),
    };
    let docs = state.docs.clone();
    // The writes wait while an analysis runs: serialising and storing megabytes of text on
    // the main thread would compete with the worker for the machine's cores.
    let busy = state.pending();
    let start = {
        let (db, queue, dispatch) = (db.clone(), queue.clone(), state.dispatcher());
        move || {
            #[cfg(target_arch = "wasm32")]
            if let Some(handle) = db.borrow().clone() {
                pump(handle, queue.clone(), dispatch.clone());
            }
            #[cfg(not(target_arch = "wasm32"))]
            let _ = (&db, &queue, &dispatch);
        }
    };
    let start_later = start.clone();
    use_effect_with((keep, labels, meta), move |(keep, labels, meta)| {
        if matches!(keep, Storage::Loading | Storage::Unavailable) || db.borrow().is_none() {
            return;
        }
        let on = *keep == Storage::On;
        let mut put = Vec::new();
        let mut now: HashMap<String, String> = HashMap::new();
        if on {
            for (d, (key, sig)) in docs.iter().zip(labels) {
                if written.borrow().get(key) != Some(sig) {
                    put.push(d.clone());
                }
                now.insert(key.clone(), sig.clone());
            }
        }
        let delete: Vec<String> = written
            .borrow()
            .keys()
            .filter(|k| !now.contains_key(*k))
            .cloned()
            .collect();
        let clear = !on;
        if put.is_empty()
            && delete.is_empty()
            && !clear
            && Some(meta) == last_meta.borrow().as_ref()
        {
            return;
        }
        let mut meta = meta.clone();
        *last_meta.borrow_mut() = Some(meta.clone());
        if !on {
            // Off: remember only that it is off.
            meta.order.clear();
            meta.route = String::new();
        }
        *written.borrow_mut() = now;
        queue.borrow_mut().push_back(Job {
            put,
            delete,
            clear,
            meta,
        });
        if !busy {
            start();
        }
    });
    // Writes queued while an analysis ran go out when it is done.
    use_effect_with(busy, move |&busy| {
        if !busy {
            start_later();
        }
    });
}

/// One write to the store.
struct Job {
    put: Vec<super::state::Doc>,
    delete: Vec<String>,
    clear: bool,
    meta: MetaRecord,
}

/// Text written per transaction (and per task: a drop of 200 articles is written in small
/// steps, never in one long block of the page's main thread).
#[cfg(target_arch = "wasm32")]
const BATCH_BYTES: usize = 192 * 1024;

/// Writes the queued jobs in order, in batches; one pump at a time.
#[cfg(target_arch = "wasm32")]
fn pump(
    handle: Rc<idb::Database>,
    queue: Rc<RefCell<std::collections::VecDeque<Job>>>,
    dispatch: yew::UseReducerDispatcher<State>,
) {
    thread_local! {
        static BUSY: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }
    if BUSY.with(|b| b.replace(true)) {
        return;
    }
    wasm_bindgen_futures::spawn_local(async move {
        loop {
            let Some(job) = queue.borrow_mut().pop_front() else {
                break;
            };
            let result = async {
                db::write(&handle, Vec::new(), job.delete, job.clear, None).await?;
                let mut batch = Vec::new();
                let mut bytes = 0;
                let n = job.put.len();
                for (i, d) in job.put.iter().enumerate() {
                    bytes += d.source.text.len();
                    let json = serde_json::to_string(&record(&d.stored())).unwrap_or_default();
                    batch.push((d.key.clone(), json));
                    if bytes >= BATCH_BYTES || i + 1 == n {
                        db::write(&handle, std::mem::take(&mut batch), Vec::new(), false, None)
                            .await?;
                        bytes = 0;
                        // Let the page breathe between batches.
                        gloo::timers::future::TimeoutFuture::new(0).await;
                    }
                }
                let meta = serde_json::to_string(&job.meta).unwrap_or_default();
                db::write(&handle, Vec::new(), Vec::new(), false, Some(meta)).await
            }
            .await;
            if let Err(reason) = result {
                queue.borrow_mut().clear();
                dispatch.dispatch(Action::StorageUnavailable(format!(
                    "{reason}: your documents are kept only until you close the page."
                )));
                break;
            }
        }
        BUSY.with(|b| b.set(false));
    });
}

/// A document's id and what of it can change under that id: label, date, outlet.
fn signature(
    key: &str,
    label: &str,
    date: &Option<String>,
    outlet: &Option<String>,
) -> (String, String) {
    let sig = format!(
        "{label}\u{1f}{}\u{1f}{}",
        date.as_deref().unwrap_or(""),
        outlet.as_deref().unwrap_or("")
    );
    (key.to_string(), sig)
}

fn restore(loaded: Loaded) -> Action {
    let (order, route, keep) = match loaded.meta {
        Some(m) => (m.order, Some(Route::parse(&m.route)), m.keep),
        None => (Vec::new(), None, true),
    };
    // The address wins over the stored place: it is what the person opened.
    let route = match super::hooks::initial_route() {
        Some(r) => Some(r),
        None if loaded.docs.is_empty() => None,
        None => route,
    };
    Action::Restore {
        docs: loaded.docs,
        order,
        route,
        keep,
    }
}
