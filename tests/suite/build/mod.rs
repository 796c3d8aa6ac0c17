//! `planfolio build` and the site it writes: pages, links, data files,
//! the plan page, the attention and team pages, and safe output.

mod output_safety;
mod pages;
mod plan_page;
mod site;
mod snapshots;
