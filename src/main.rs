// Parsing thousands of plans allocates many small strings; mimalloc makes
// that markedly cheaper than the system allocator (see docs/performance.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(planfolio::cli::main());
}
