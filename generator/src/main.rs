fn main() {
    eprintln!("modelgen: CLI not wired yet");
    std::process::exit(2);
}
