use reqwest::blocking::Client;

const GITHUB_TOKEN: &str = "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";

pub fn client() -> Client {
    Client::new()
}
