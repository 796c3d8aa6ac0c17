fn main() {
    std::process::exit(planfolio::cli::main());
}
