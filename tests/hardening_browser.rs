//! Real-browser test of live reload at the stream limit (issue 11, point 3):
//! a page whose live-reload stream was refused (503, all places taken) is
//! not cut off for good. A browser's EventSource gives up after a 503, so
//! the injected script must open a new stream later; once a place frees,
//! the page hears the next reload.
//!
//! Headless Chromium over WebDriver (chromedriver + fantoccini), as in
//! tests/browser.rs; a missing browser fails the test with a message saying
//! so, never a silent skip.

mod support;

use fantoccini::{Client, ClientBuilder};
use serde_json::{Value, json};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use support::{Server, Site, Sse, plan_text};

const CHROMIUM: &str = "/usr/bin/chromium";
const INSTALL_HINT: &str = "install them with `apt-get install -y chromium chromium-driver` (CI does)";

/// Live-reload streams the server keeps at once (README, "serve").
const MAX_STREAMS: usize = 512;

fn chromedriver_path() -> PathBuf {
    if let Ok(p) = std::env::var("CHROMEDRIVER") {
        return PathBuf::from(p);
    }
    for dir in std::env::var("PATH").unwrap_or_default().split(':') {
        let p = Path::new(dir).join("chromedriver");
        if p.is_file() {
            return p;
        }
    }
    PathBuf::from("/usr/bin/chromedriver")
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// A chromedriver process and a fresh Chromium profile, shut down on drop.
struct Driver {
    child: Child,
    port: u16,
    profile: tempfile::TempDir,
}

impl Driver {
    fn start() -> Driver {
        assert!(
            Path::new(CHROMIUM).is_file(),
            "{CHROMIUM} is missing: this test needs Chromium and ChromeDriver; {INSTALL_HINT}"
        );
        let driver = chromedriver_path();
        assert!(
            driver.is_file(),
            "chromedriver is missing ({}): this test needs Chromium and ChromeDriver; {INSTALL_HINT}",
            driver.display()
        );
        let port = free_port();
        let child = Command::new(&driver)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}; {INSTALL_HINT}", driver.display()));
        let mut d = Driver {
            child,
            port,
            profile: tempfile::tempdir().expect("profile dir"),
        };
        let up = support::poll_until(Duration::from_secs(20), || {
            support::try_request(port, &support::get_request("/status")).is_ok_and(|r| r.status == 200)
        });
        if !up {
            let status = d.child.try_wait();
            panic!("chromedriver did not come up on port {port} within 20 s (exit: {status:?})");
        }
        d
    }

    async fn client(&self) -> Client {
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".into(),
            json!({
                "binary": CHROMIUM,
                "args": [
                    "--headless=new",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-dev-shm-usage",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--no-first-run",
                    format!("--user-data-dir={}", self.profile.path().display()),
                ],
            }),
        );
        ClientBuilder::native()
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{}", self.port))
            .await
            .unwrap_or_else(|e| panic!("cannot start a Chromium session: {e}; {INSTALL_HINT}"))
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // chromedriver's /shutdown quits its browsers, then itself; only if
        // that fails is chromedriver killed (by its id).
        let _ = support::try_request(self.port, &support::get_request("/shutdown"));
        let exited = support::poll_until(Duration::from_secs(10), || matches!(self.child.try_wait(), Ok(Some(_))));
        if !exited {
            let _ = self.child.kill();
        }
        let _ = self.child.wait();
    }
}

/// Polls `script` until `pred` holds on its result; returns the last value.
/// A call that fails (the page is between documents) counts as not yet.
async fn poll_js(client: &Client, script: &str, timeout: Duration, pred: impl Fn(&Value) -> bool) -> (bool, Value) {
    let deadline = Instant::now() + timeout;
    let mut last = Value::Null;
    loop {
        if let Ok(v) = client.execute(script, vec![]).await {
            if pred(&v) {
                return (true, v);
            }
            last = v;
        }
        if Instant::now() >= deadline {
            return (false, last);
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

const STATE_JS: &str = r#"
return {
  marker: window.__marker === undefined ? null : window.__marker,
  ready: document.readyState,
  text: document.body ? document.body.innerText : ""
};
"#;

fn text_of(v: &Value) -> &str {
    v["text"].as_str().unwrap_or("")
}

#[test]
fn a_page_refused_at_the_limit_reconnects_and_reloads_later() {
    let site = Site::fixture();
    let server = Server::start(site.root());
    // Take every place.
    let mut streams: Vec<Sse> = (0..MAX_STREAMS)
        .map(|i| {
            let mut s = Sse::open(server.port).unwrap_or_else(|e| panic!("stream {i}: {e}"));
            assert_eq!(s.headers.status, 200, "stream {i}");
            s.next_event(Duration::from_secs(20))
                .unwrap_or_else(|| panic!("stream {i}: no connect event"));
            s
        })
        .collect();
    let full = Sse::open(server.port).expect("connect");
    assert_eq!(full.headers.status, 503, "all {MAX_STREAMS} places are taken");
    drop(full);

    let url = server.url("/accounts/alpha-foods/");
    let driver = Driver::start();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("tokio runtime");
    let result: Result<(), String> = runtime.block_on(async {
        let client = driver.client().await;
        let result = async {
            client.goto(&url).await.map_err(|e| format!("opening {url}: {e}"))?;
            let (ok, state) = poll_js(&client, STATE_JS, Duration::from_secs(20), |v| {
                v["ready"] == "complete" && text_of(v).contains("Alpha Foods")
            })
            .await;
            if !ok {
                return Err(format!("the plan page did not load: {state}"));
            }
            // The page's stream was refused. Give it a second to be sure,
            // then free some places and change the plan.
            tokio::time::sleep(Duration::from_secs(1)).await;
            client
                .execute("window.__marker = 1; return 1;", vec![])
                .await
                .map_err(|e| format!("setting the marker: {e}"))?;
            streams.truncate(MAX_STREAMS - 8);
            site.write_plan("alpha-foods", &plan_text("Alpha Foods After The Wait"));
            // Places free within about 10 s (two keep-alives); the page
            // retries every 5 to 10 s; once connected, it hears that the
            // site changed since it was loaded and reloads.
            let wait = Duration::from_secs(60);
            let (ok, state) = poll_js(&client, STATE_JS, wait, |v| {
                v["marker"].is_null() && text_of(v).contains("Alpha Foods After The Wait")
            })
            .await;
            if !ok {
                return Err(format!(
                    "the refused page never reconnected and reloaded within {wait:?}: {state}"
                ));
            }
            Ok(())
        }
        .await;
        let _ = client.close().await;
        result
    });
    drop(driver);
    if let Err(message) = result {
        panic!("{message}");
    }
}
