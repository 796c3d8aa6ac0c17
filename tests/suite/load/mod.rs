//! The YAML reader: the fast path against saphyr-parser, the official YAML
//! test suite, and property tests of the loader and validator.

mod fast_path;
mod properties;
mod yaml_test_suite;
