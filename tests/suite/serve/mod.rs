//! `planfolio serve`: pages, live reload and the overlay, and what a client
//! can make the server hold.

mod robustness;
mod site;
