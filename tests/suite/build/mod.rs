//! `planfolio build` and the site it writes: pages, links, data files
//! (`exports`: portfolio.csv and portfolio.json), the plan page, the
//! attention and team pages, snapshots of the example site, and safe output.

mod edit_links;
mod exports;
mod filters;
mod fix_next;
mod look;
mod one_page;
mod output_safety;
mod pages;
mod plan_page;
mod risk;
mod search;
mod site;
mod snapshots;
mod todo;
