//! Weighted splits are exact: after 10,000 requests from concurrent clients
//! each revision got exactly its weight in basis points.

use std::collections::HashMap;

use crate::support::*;

async fn check_split(weights: &[u32]) {
    let router = RunningRouter::with_defaults().await;
    let mut backends = Vec::new();
    let mut revisions = Vec::new();
    for i in 0..weights.len() {
        let backend = Backend::start(&format!("svc-{i}")).await;
        revisions.push(revision("svc", &backend.name, &[backend.addr]));
        backends.push(backend);
    }
    let split: Vec<_> = revisions
        .iter()
        .zip(weights)
        .map(|(r, &w)| (r, w))
        .collect();
    router
        .router
        .publish(table(vec![service("svc", &split, &[])]));

    const CLIENTS: usize = 8;
    const PER_CLIENT: usize = 10_000 / CLIENTS;
    let host = router.host("svc");
    let mut tasks = Vec::new();
    for _ in 0..CLIENTS {
        let (host, addr) = (host.clone(), router.addr);
        tasks.push(tokio::spawn(async move {
            let client = client();
            let mut seen: HashMap<String, u32> = HashMap::new();
            for _ in 0..PER_CLIENT {
                let (status, name) = get(&client, addr, &host, "/").await;
                assert_eq!(status, 200, "{name}");
                *seen.entry(name).or_default() += 1;
            }
            seen
        }));
    }
    let mut total: HashMap<String, u32> = HashMap::new();
    for task in tasks {
        for (name, n) in task.await.unwrap() {
            *total.entry(name).or_default() += n;
        }
    }

    for ((backend, revision), &weight) in backends.iter().zip(&revisions).zip(weights) {
        let got = total.get(&backend.name).copied().unwrap_or(0);
        assert_eq!(
            got, weight,
            "{} answered {got} of 10000 requests, weight {weight}",
            backend.name
        );
        let counts = revision.counts();
        assert_eq!(
            counts.success,
            u64::from(weight),
            "{}: {counts:?}",
            backend.name
        );
        assert_eq!(
            counts.total(),
            u64::from(weight),
            "{}: {counts:?}",
            backend.name
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ninety_ten_is_exact() {
    check_split(&[9_000, 1_000]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ninety_nine_one_is_exact() {
    check_split(&[9_900, 100]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tenth_of_a_percent_canary_is_exact() {
    check_split(&[9_990, 10]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_way_split_is_exact() {
    check_split(&[3_333, 3_333, 3_334]).await;
}
