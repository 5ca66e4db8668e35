//! Settings, from flags or environment variables (flags win).

use std::path::PathBuf;
use std::time::Duration;

use tracing::level_filters::LevelFilter;

use crate::auth::client::TrustedProxies;
use crate::serve::{Limits, BODY_TIMEOUT, HEAD_TIMEOUT, MAX_CONNECTIONS};
use crate::writer::Keeping;

/// How the server runs.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// Where the SQLite file lives; created on first start. `--data-dir` or `CAIRN_DATA_DIR`.
    pub data_dir: PathBuf,
    /// The address to listen on. `--listen` or `CAIRN_LISTEN`; port 0 picks a free port.
    pub listen: String,
    /// The built app (Trunk's `dist`). `--app-dir` or `CAIRN_APP_DIR`.
    pub app_dir: PathBuf,
    /// Create the benchmark coalition if it is missing. `--seed-bench`.
    pub seed_bench: bool,
    /// How long a sign-in lasts, in seconds. `--session-ttl` or `CAIRN_SESSION_TTL`.
    pub session_ttl: u64,
    /// How long an invite link can be used, in seconds. `--invite-ttl` or `CAIRN_INVITE_TTL`.
    pub invite_ttl: u64,
    /// The address members reach the server at, such as `https://cairn.example.org`; when it
    /// is `https`, session cookies are marked Secure. `--public-url` or `CAIRN_PUBLIC_URL`.
    pub public_url: Option<String>,
    /// The reverse proxies whose `X-Forwarded-For` names the client, for throttling sign-in
    /// guesses per client instead of per proxy. `--trust-proxy` or `CAIRN_TRUST_PROXY`.
    pub trust_proxy: TrustedProxies,
    /// Timeouts and the bound on open connections. `--head-timeout`, `--body-timeout` (seconds)
    /// and `--max-connections`; the bound is lowered to fit the open file limit at start.
    pub limits: Limits,
    /// How much the server logs: `off`, `error`, `warn`, `info` (the default: one line per
    /// request) or `debug`. `--log-level` or `CAIRN_LOG`.
    pub log_level: LevelFilter,
    /// How long the writer keeps what it holds: a coalition's document after its last write
    /// (`--unload-after` seconds or `CAIRN_UNLOAD_AFTER`), and a push's receipts, to answer its
    /// retries (`--keep-receipts` seconds or `CAIRN_KEEP_RECEIPTS`; the rule is in
    /// `writer::receipts`).
    pub keeping: Keeping,
}

/// Ten minutes: a meeting's burst of edits stays loaded, a coalition nobody touches does not.
pub const DEFAULT_UNLOAD_AFTER: Duration = Duration::from_secs(600);

/// Two weeks.
pub const DEFAULT_SESSION_TTL: u64 = 14 * 24 * 3600;
/// One week.
pub const DEFAULT_INVITE_TTL: u64 = 7 * 24 * 3600;

pub const USAGE: &str =
    "Usage: cairn-server [--data-dir DIR] [--listen ADDR:PORT] [--app-dir DIR] [--public-url URL]
                    [--session-ttl SECONDS] [--invite-ttl SECONDS] [--trust-proxy ADDRS]
                    [--head-timeout SECONDS] [--body-timeout SECONDS] [--max-connections N]
                    [--log-level LEVEL] [--unload-after SECONDS]
                    [--keep-receipts SECONDS] [--seed-bench]

  --data-dir DIR     where the SQLite file is kept (CAIRN_DATA_DIR, default ./cairn-data)
  --listen ADDR      address and port to serve on (CAIRN_LISTEN, default 127.0.0.1:3000)
  --app-dir DIR      the built app to serve (CAIRN_APP_DIR, default ./dist)
  --public-url URL   where members reach it; https marks cookies Secure (CAIRN_PUBLIC_URL)
  --session-ttl S    how long a sign-in lasts (CAIRN_SESSION_TTL, default 1209600: two weeks)
  --invite-ttl S     how long an invite link works (CAIRN_INVITE_TTL, default 604800: a week)
  --trust-proxy A,B  the reverse proxies in front (IP addresses): their X-Forwarded-For names
                     the client (CAIRN_TRUST_PROXY, default none: the peer is the client)
  --head-timeout S   how long a client may take to send a request's head, and a kept-alive
                     connection may stay idle (default 10)
  --body-timeout S   how long a client may take to send a request's body (default 60)
  --max-connections N  connections open at once, at most (default 10000, lowered to fit the
                     open file limit)
  --log-level L      off, error, warn, info (one line per request) or debug (CAIRN_LOG,
                     default info)
  --unload-after S   how long a coalition stays in memory after its last write
                     (CAIRN_UNLOAD_AFTER, default 600)
  --keep-receipts S  how long a change's receipt answers its retries (CAIRN_KEEP_RECEIPTS,
                     default 2592000: 30 days)
  --seed-bench       create the benchmark coalition `bench` with 20,000 values";

impl Config {
    /// Reads the settings; returns a message naming the flag that is wrong otherwise.
    pub fn from_args(
        args: impl IntoIterator<Item = String>,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Config, String> {
        let mut config = Config {
            data_dir: env("CAIRN_DATA_DIR")
                .unwrap_or_else(|| "cairn-data".into())
                .into(),
            listen: env("CAIRN_LISTEN").unwrap_or_else(|| "127.0.0.1:3000".into()),
            app_dir: env("CAIRN_APP_DIR").unwrap_or_else(|| "dist".into()).into(),
            seed_bench: false,
            session_ttl: DEFAULT_SESSION_TTL,
            invite_ttl: DEFAULT_INVITE_TTL,
            public_url: env("CAIRN_PUBLIC_URL"),
            trust_proxy: TrustedProxies::default(),
            limits: Limits {
                head: HEAD_TIMEOUT,
                body: BODY_TIMEOUT,
                connections: MAX_CONNECTIONS,
            },
            log_level: LevelFilter::INFO,
            keeping: Keeping {
                unload_after: DEFAULT_UNLOAD_AFTER,
                receipts: crate::writer::receipts::DEFAULT_KEEP,
            },
        };
        if let Some(v) = env("CAIRN_KEEP_RECEIPTS") {
            config.keeping.receipts = Duration::from_secs(seconds("CAIRN_KEEP_RECEIPTS", &v)?);
        }
        if let Some(v) = env("CAIRN_UNLOAD_AFTER") {
            config.keeping.unload_after = Duration::from_secs(seconds("CAIRN_UNLOAD_AFTER", &v)?);
        }
        if let Some(v) = env("CAIRN_LOG") {
            config.log_level = level("CAIRN_LOG", &v)?;
        }
        if let Some(v) = env("CAIRN_TRUST_PROXY") {
            config.trust_proxy =
                TrustedProxies::parse(&v).map_err(|e| format!("{e}\n\n{USAGE}"))?;
        }
        if let Some(v) = env("CAIRN_SESSION_TTL") {
            config.session_ttl = seconds("CAIRN_SESSION_TTL", &v)?;
        }
        if let Some(v) = env("CAIRN_INVITE_TTL") {
            config.invite_ttl = seconds("CAIRN_INVITE_TTL", &v)?;
        }
        let mut args = args.into_iter();
        while let Some(arg) = args.next() {
            let mut value = |name: &str| {
                args.next()
                    .ok_or_else(|| format!("{name} needs a value.\n\n{USAGE}"))
            };
            match arg.as_str() {
                "--data-dir" => config.data_dir = value("--data-dir")?.into(),
                "--listen" => config.listen = value("--listen")?,
                "--app-dir" => config.app_dir = value("--app-dir")?.into(),
                "--seed-bench" => config.seed_bench = true,
                "--public-url" => config.public_url = Some(value("--public-url")?),
                "--trust-proxy" => {
                    config.trust_proxy = TrustedProxies::parse(&value("--trust-proxy")?)
                        .map_err(|e| format!("{e}\n\n{USAGE}"))?
                }
                "--session-ttl" => {
                    config.session_ttl = seconds("--session-ttl", &value("--session-ttl")?)?
                }
                "--head-timeout" => {
                    config.limits.head =
                        Duration::from_secs(seconds("--head-timeout", &value("--head-timeout")?)?)
                }
                "--body-timeout" => {
                    config.limits.body =
                        Duration::from_secs(seconds("--body-timeout", &value("--body-timeout")?)?)
                }
                "--unload-after" => {
                    config.keeping.unload_after =
                        Duration::from_secs(seconds("--unload-after", &value("--unload-after")?)?)
                }
                "--keep-receipts" => {
                    config.keeping.receipts =
                        Duration::from_secs(seconds("--keep-receipts", &value("--keep-receipts")?)?)
                }
                "--log-level" => config.log_level = level("--log-level", &value("--log-level")?)?,
                "--max-connections" => {
                    config.limits.connections =
                        count("--max-connections", &value("--max-connections")?)?
                }
                "--invite-ttl" => {
                    config.invite_ttl = seconds("--invite-ttl", &value("--invite-ttl")?)?
                }
                "--help" | "-h" => return Err(USAGE.to_string()),
                other => return Err(format!("Unknown option {other}.\n\n{USAGE}")),
            }
        }
        Ok(config)
    }
}

fn level(name: &str, text: &str) -> Result<LevelFilter, String> {
    match text.to_ascii_lowercase().as_str() {
        "off" | "error" | "warn" | "info" | "debug" => Ok(text.parse().expect("a known level")),
        _ => Err(format!(
            "{name} is off, error, warn, info or debug; “{text}” is not.\n\n{USAGE}"
        )),
    }
}

fn count(name: &str, text: &str) -> Result<usize, String> {
    match text.parse::<usize>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(format!(
            "{name} is a whole number above 0, such as 1000; “{text}” is not.\n\n{USAGE}"
        )),
    }
}

fn seconds(name: &str, text: &str) -> Result<u64, String> {
    match text.parse::<u64>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(format!(
            "{name} is a number of seconds, such as 3600; “{text}” is not.\n\n{USAGE}"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_win_over_the_environment() {
        let env = |k: &str| (k == "CAIRN_LISTEN").then(|| "0.0.0.0:9".to_string());
        let config = Config::from_args(
            ["--listen", "127.0.0.1:0", "--data-dir", "/tmp/x"].map(String::from),
            env,
        )
        .unwrap();
        assert_eq!(config.listen, "127.0.0.1:0");
        assert_eq!(config.data_dir, PathBuf::from("/tmp/x"));
        let config = Config::from_args([], env).unwrap();
        assert_eq!(config.listen, "0.0.0.0:9");
    }

    #[test]
    fn an_unknown_flag_or_a_missing_value_is_explained() {
        let none = |_: &str| None;
        assert!(Config::from_args(["--port".to_string()], none)
            .unwrap_err()
            .contains("Unknown option --port"));
        assert!(Config::from_args(["--listen".to_string()], none)
            .unwrap_err()
            .contains("needs a value"));
    }
}
