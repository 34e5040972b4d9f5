//! A PostgreSQL primary and its streaming standby on loopback, made the way an operator
//! makes them: `initdb`, `pg_basebackup -R`, `pg_ctl promote` (Debian's PostgreSQL 15).
//! Each cluster lives in a folder of its own under /var/tmp and is stopped and removed when
//! the value is dropped, however the test ends.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use diesel::prelude::*;

use crate::helpers::free_port;

/// The newest PostgreSQL's programs.
fn bin(name: &str) -> PathBuf {
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .expect("PostgreSQL is installed (scripts/setup.sh)")
        .filter_map(|e| e.ok().map(|e| e.path().join("bin")))
        .filter(|p| p.join("initdb").exists())
        .collect();
    versions.sort_by_key(|p| p.parent().and_then(|v| v.file_name()).and_then(|v| v.to_str()?.parse::<u32>().ok()));
    versions.pop().expect("a PostgreSQL server").join(name)
}

/// Whether the tests run as root (CI does), asked of `id -u`.
fn root() -> bool {
    static ROOT: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *ROOT.get_or_init(|| Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.trim_ascii() == b"0"))
}

/// A PostgreSQL program, run as the `postgres` user when we are root (initdb refuses root).
fn pg(program: &str) -> Command {
    if root() {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(bin(program));
        c
    } else {
        Command::new(bin(program))
    }
}

fn run(mut c: Command, what: &str) {
    let out = c.output().unwrap_or_else(|e| panic!("{what}: {e}"));
    assert!(
        out.status.success(),
        "{what}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// One server of the cluster.
pub struct Node {
    pub dir: PathBuf,
    pub port: u16,
    /// The options it starts with.
    options: String,
}

impl Node {
    /// `postgres://…/civis` on this server alone.
    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/civis", self.port)
    }

    pub fn conn(&self) -> PgConnection {
        PgConnection::establish(&self.url()).expect("connect to a node")
    }

    pub fn start(&self) {
        let log = self.dir.join("server.log");
        let mut c = pg("pg_ctl");
        c.arg("-D").arg(&self.dir).arg("-l").arg(&log).args(["-w", "-t", "60", "start", "-o", &self.options]);
        run(c, "pg_ctl start");
    }

    pub fn kill(&self) {
        kill(&self.dir);
    }
}

/// Stops the server of `dir` the hard way (`-m immediate`: as if the machine went away).
pub fn kill(dir: &Path) {
    let mut c = pg("pg_ctl");
    c.arg("-D").arg(dir).args(["-m", "immediate", "-w", "stop"]);
    let _ = c.output();
}

/// Makes the standby of `dir` the primary.
pub fn promote(dir: &Path) {
    let mut c = pg("pg_ctl");
    c.arg("-D").arg(dir).args(["-w", "promote"]);
    run(c, "pg_ctl promote");
}

/// A primary and one streaming standby.
pub struct Cluster {
    base: PathBuf,
    pub primary: Node,
    pub standby: Node,
}

impl Drop for Cluster {
    fn drop(&mut self) {
        self.standby.kill();
        self.primary.kill();
        let _ = std::fs::remove_dir_all(&self.base);
    }
}

fn options(port: u16, dir: &Path, extra: &str) -> String {
    format!(
        "-c listen_addresses=127.0.0.1 -p {port} -k {} -c fsync=off -c full_page_writes=off -c shared_buffers=32MB \
         -c max_connections=100 -c shared_preload_libraries=pg_stat_statements -c wal_sender_timeout=5s {extra}",
        dir.display()
    )
}

impl Cluster {
    /// Starts a primary with the schema and the demo, then a standby copied from it with
    /// `pg_basebackup`, streaming. `synchronous`: a commit returns once the standby has
    /// it (`synchronous_standby_names`), so a failover loses nothing acknowledged.
    pub fn start(synchronous: bool) -> Self {
        static N: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let n = N.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let base = PathBuf::from(format!("/var/tmp/civis-cluster-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&base);
        std::fs::create_dir_all(&base).expect("cluster folder");
        if root() {
            run(
                {
                    let mut c = Command::new("chown");
                    c.arg("postgres:postgres").arg(&base);
                    c
                },
                "chown",
            );
        }
        let (p, s) = (free_port(), free_port());
        let primary = Node { dir: base.join("primary"), port: p, options: options(p, &base.join("primary"), "") };
        let mut c = pg("initdb");
        c.arg("-D").arg(&primary.dir).args([
            "-U",
            "postgres",
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        ]);
        run(c, "initdb");
        primary.start();
        let mut admin =
            PgConnection::establish(&format!("postgres://postgres@127.0.0.1:{p}/postgres")).expect("primary");
        diesel::sql_query("CREATE DATABASE civis").execute(&mut admin).expect("create database");
        // The schema and the demo, copied from the tests' template (as `pg_dump | psql` would).
        let copy = format!(
            "{} --no-owner --no-privileges '{}' | {} -q -v ON_ERROR_STOP=1 '{}'",
            bin("pg_dump").display(),
            crate::helpers::template_url(),
            bin("psql").display(),
            primary.url()
        );
        run(
            {
                let mut c = Command::new("sh");
                c.args(["-c", &copy]);
                c
            },
            "pg_dump | psql",
        );
        let mut conn = primary.conn();
        diesel::sql_query("CREATE EXTENSION IF NOT EXISTS pg_stat_statements").execute(&mut conn).expect("statements");

        let conninfo = format!("host=127.0.0.1 port={p} user=postgres application_name=standby1");
        let extra = format!("-c primary_conninfo='{conninfo}' -c hot_standby=on -c wal_receiver_status_interval=1s");
        let standby = Node { dir: base.join("standby"), port: s, options: options(s, &base.join("standby"), &extra) };
        let mut c = pg("pg_basebackup");
        c.arg("-D").arg(&standby.dir).args([
            "-h",
            "127.0.0.1",
            "-p",
            &p.to_string(),
            "-U",
            "postgres",
            "-X",
            "stream",
            "-R",
            "--no-sync",
            "--checkpoint=fast",
        ]);
        run(c, "pg_basebackup");
        standby.start();
        let cluster = Self { base, primary, standby };
        cluster.wait_streaming();
        if synchronous {
            // Only now: until the standby streams, every commit would wait for it.
            let mut conn = cluster.primary.conn();
            diesel::sql_query("ALTER SYSTEM SET synchronous_standby_names = 'standby1'")
                .execute(&mut conn)
                .expect("sync");
            diesel::sql_query("SELECT pg_reload_conf()").execute(&mut conn).expect("reload");
        }
        cluster
    }

    /// Waits until the primary sees its standby streaming.
    pub fn wait_streaming(&self) {
        #[derive(QueryableByName)]
        struct Count {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            n: i64,
        }
        let until = Instant::now() + Duration::from_secs(30);
        loop {
            let n = diesel::sql_query("SELECT count(*) AS n FROM pg_stat_replication WHERE state = 'streaming'")
                .get_result::<Count>(&mut self.primary.conn())
                .map_or(0, |c| c.n);
            if n > 0 {
                return;
            }
            assert!(Instant::now() < until, "the standby did not start streaming");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Both servers in one URL: libpq connects to whichever accepts writes.
    pub fn failover_url(&self) -> String {
        format!(
            "postgres://postgres@127.0.0.1:{},127.0.0.1:{}/civis?target_session_attrs=read-write&connect_timeout=2",
            self.primary.port, self.standby.port
        )
    }
}
