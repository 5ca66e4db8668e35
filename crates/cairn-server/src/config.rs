//! Settings, from flags or environment variables (flags win).

use std::path::PathBuf;

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
}

pub const USAGE: &str =
    "Usage: cairn-server [--data-dir DIR] [--listen ADDR:PORT] [--app-dir DIR] [--seed-bench]

  --data-dir DIR     where the SQLite file is kept (CAIRN_DATA_DIR, default ./cairn-data)
  --listen ADDR      address and port to serve on (CAIRN_LISTEN, default 127.0.0.1:3000)
  --app-dir DIR      the built app to serve (CAIRN_APP_DIR, default ./dist)
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
        };
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
                "--help" | "-h" => return Err(USAGE.to_string()),
                other => return Err(format!("Unknown option {other}.\n\n{USAGE}")),
            }
        }
        Ok(config)
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
