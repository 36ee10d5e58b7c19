//! `publish` is atomic: requests sent after it returns follow the new table,
//! while a request already on the old revision finishes there.

use crate::support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_after_publish_follow_the_new_table() {
    let router = RunningRouter::with_defaults().await;
    let (old, new) = (Backend::start("old").await, Backend::start("new").await);
    let old_rev = revision("svc", "svc-1", &[old.addr]);
    let new_rev = revision("svc", "svc-2", &[new.addr]);
    router
        .router
        .publish(table(vec![service("svc", &[(&old_rev, 10_000)], &[])]));
    let host = router.host("svc");

    let in_flight = tokio::spawn({
        let (host, addr) = (host.clone(), router.addr);
        async move { get(&client(), addr, &host, "/slow").await }
    });
    eventually("the slow request reaches the old revision", || {
        old.slow_waiting() == 1
    })
    .await;

    router
        .router
        .publish(table(vec![service("svc", &[(&new_rev, 10_000)], &[])]));

    let mut tasks = Vec::new();
    for _ in 0..4 {
        let (host, addr) = (host.clone(), router.addr);
        tasks.push(tokio::spawn(async move {
            let client = client();
            let mut names = Vec::new();
            for _ in 0..25 {
                names.push(get(&client, addr, &host, "/").await.1);
            }
            names
        }));
    }
    for task in tasks {
        for name in task.await.unwrap() {
            assert_eq!(name, "new");
        }
    }
    assert!(!in_flight.is_finished());

    old.release();
    let (status, body) = in_flight.await.unwrap();
    assert_eq!((status.as_u16(), body.as_str()), (200, "old"));
    assert_eq!(old_rev.counts().success, 1);
    assert_eq!(new_rev.counts().success, 100);
}
