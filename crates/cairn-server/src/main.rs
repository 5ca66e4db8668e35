//! `cairn-server`: see `--help`.

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_target(false)
        .with_writer(std::io::stderr)
        .init();
    let config = match cairn_server::config::Config::from_args(std::env::args().skip(1), |k| {
        std::env::var(k).ok()
    }) {
        Ok(config) => config,
        Err(message) => {
            eprintln!("{message}");
            std::process::exit(2);
        }
    };
    if let Err(message) = cairn_server::run(config).await {
        eprintln!("cairn-server: {message}");
        std::process::exit(1);
    }
}
