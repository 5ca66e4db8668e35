//! `cairn-server`: see `--help`.

#[tokio::main]
async fn main() {
    let config = match cairn_server::config::Config::from_args(std::env::args().skip(1), |k| {
        std::env::var(k).ok()
    }) {
        Ok(config) => config,
        Err(message) => {
            eprintln!("{message}");
            std::process::exit(2);
        }
    };
    tracing_subscriber::fmt()
        .with_target(false)
        .with_max_level(config.log_level)
        // Colours only for a terminal: a log file or journal gets plain text.
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_writer(std::io::stderr)
        .init();
    if let Err(message) = cairn_server::run(config).await {
        eprintln!("cairn-server: {message}");
        std::process::exit(1);
    }
}
