//! Who is at the other end: the network address a request comes from, for throttling. Behind a
//! reverse proxy every request arrives from the proxy, so `--trust-proxy` names the proxies
//! whose `X-Forwarded-For` is believed; anyone else's is ignored, or a guesser could name a new
//! address with every attempt.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::HeaderMap;

use crate::error::ApiError;
use crate::state::AppState;

/// The proxies whose `X-Forwarded-For` header is believed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<IpAddr>);

impl TrustedProxies {
    /// Reads a comma-separated list of IP addresses, such as `127.0.0.1,::1`; returns a message
    /// naming the entry that is not one otherwise.
    pub fn parse(text: &str) -> Result<TrustedProxies, String> {
        text.split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| {
                s.parse::<IpAddr>().map_err(|_| {
                    format!("“{s}” is not an IP address: --trust-proxy takes addresses such as 127.0.0.1,::1")
                })
            })
            .collect::<Result<Vec<_>, _>>()
            .map(TrustedProxies)
    }

    fn trusts(&self, address: IpAddr) -> bool {
        self.0.contains(&address.to_canonical())
    }

    /// The client's address: the peer's, unless the peer is a trusted proxy; then the nearest
    /// address in `X-Forwarded-For` that is not itself a trusted proxy (a client can put
    /// anything at the start of the header; only what the proxies appended counts).
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let peer = peer.to_canonical();
        if !self.trusts(peer) {
            return peer;
        }
        let forwarded: Vec<IpAddr> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(|s| s.trim().parse::<IpAddr>().map(|a| a.to_canonical()))
            .collect::<Result<_, _>>()
            .unwrap_or_default();
        forwarded
            .into_iter()
            .rev()
            .find(|a| !self.trusts(*a))
            .unwrap_or(peer)
    }
}

/// The address a request comes from, as [`TrustedProxies::client`] decides.
pub struct Client(pub IpAddr);

impl FromRequestParts<AppState> for Client {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(a)| a.ip())
            .ok_or(ApiError::Unavailable)?;
        Ok(Client(state.auth.proxies.client(peer, &parts.headers)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(forwarded: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert("x-forwarded-for", forwarded.parse().unwrap());
        h
    }

    #[test]
    fn only_a_trusted_proxy_names_the_client() {
        let proxies = TrustedProxies::parse("127.0.0.1, 10.0.0.2").unwrap();
        let local: IpAddr = "127.0.0.1".parse().unwrap();
        let stranger: IpAddr = "203.0.113.9".parse().unwrap();
        let h = headers("198.51.100.7");
        assert_eq!(
            proxies.client(local, &h),
            "198.51.100.7".parse::<IpAddr>().unwrap()
        );
        assert_eq!(proxies.client(stranger, &h), stranger);
        assert_eq!(TrustedProxies::default().client(local, &h), local);
    }

    #[test]
    fn what_a_client_puts_before_the_proxies_entries_does_not_count() {
        let proxies = TrustedProxies::parse("127.0.0.1,10.0.0.2").unwrap();
        let local: IpAddr = "127.0.0.1".parse().unwrap();
        let h = headers("1.2.3.4, 198.51.100.7, 10.0.0.2");
        assert_eq!(
            proxies.client(local, &h),
            "198.51.100.7".parse::<IpAddr>().unwrap()
        );
        // A header that does not parse is not believed at all.
        assert_eq!(proxies.client(local, &headers("junk")), local);
    }

    #[test]
    fn a_list_with_something_other_than_addresses_is_explained() {
        assert!(TrustedProxies::parse("127.0.0.1,proxy.local")
            .unwrap_err()
            .contains("proxy.local"));
    }
}
