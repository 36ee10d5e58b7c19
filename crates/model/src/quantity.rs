//! Kubernetes resource quantities for a container's `resources.limits`: memory
//! (`512Mi`, `1Gi`, `256M`, bytes) and CPU (`1`, `2`, `500m`, `0.5`), with Cloud Run's
//! bounds and defaults. Parsed once here; the runtime enforces the numbers.

/// Cloud Run's default memory limit: 512 MiB.
pub const DEFAULT_MEMORY_BYTES: u64 = 512 * MI;
/// Cloud Run's default CPU limit: one CPU.
pub const DEFAULT_CPU_MILLIS: u32 = 1000;
/// Below this an instance cannot start the smallest app (Cloud Run's floor is 128 MiB;
/// runlane allows smaller limits so that tests can hit them cheaply).
pub const MIN_MEMORY_BYTES: u64 = 4 * MI;
/// Cloud Run's ceiling.
pub const MAX_MEMORY_BYTES: u64 = 32 * 1024 * MI;
/// Cloud Run allows fractions of a CPU down to 0.08.
pub const MIN_CPU_MILLIS: u32 = 10;
pub const MAX_CPU_MILLIS: u32 = 8000;

const KI: u64 = 1024;
const MI: u64 = 1024 * KI;

/// Parses a memory quantity into bytes: a whole number with an optional binary
/// (`Ki`, `Mi`, `Gi`, `Ti`) or decimal (`k`, `K`, `M`, `G`, `T`) suffix, within an
/// instance's bounds (4Mi to 32Gi).
pub fn parse_memory(raw: &str) -> Result<u64, String> {
    let bytes = parse_memory_unbounded(raw)?;
    if bytes < MIN_MEMORY_BYTES {
        return Err(format!("{raw:?} is too small; use at least 4Mi (Cloud Run's default is 512Mi)"));
    }
    if bytes > MAX_MEMORY_BYTES {
        return Err(format!("{raw:?} is too large; at most 32Gi"));
    }
    Ok(bytes)
}

/// A size in the same units as [`parse_memory`], without an instance's bounds (a disk budget).
pub fn parse_memory_unbounded(raw: &str) -> Result<u64, String> {
    let s = raw.trim();
    let digits_end = s.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(s.len());
    let (number, suffix) = s.split_at(digits_end);
    let multiplier: u64 = match suffix {
        "" => 1,
        "Ki" => KI,
        "Mi" => MI,
        "Gi" => 1024 * MI,
        "Ti" => 1024 * 1024 * MI,
        "k" | "K" => 1000,
        "M" => 1_000_000,
        "G" => 1_000_000_000,
        "T" => 1_000_000_000_000,
        _ => return Err(format!("{raw:?} is not a memory size; use a number with a unit such as 512Mi, 1Gi or 256M")),
    };
    let bytes = if let Some((whole, frac)) = number.split_once('.') {
        let value: f64 = format!("{}.{frac}", if whole.is_empty() { "0" } else { whole })
            .parse()
            .map_err(|_| format!("{raw:?} is not a memory size; use a number with a unit such as 512Mi, 1Gi or 256M"))?;
        (value * multiplier as f64).round() as u64
    } else {
        let value: u64 =
            number.parse().map_err(|_| format!("{raw:?} is not a memory size; use a number with a unit such as 512Mi, 1Gi or 256M"))?;
        value.checked_mul(multiplier).ok_or_else(|| format!("{raw:?} is too large"))?
    };
    Ok(bytes)
}

/// Parses a CPU quantity into thousandths of a CPU: `2`, `0.5` or `500m`.
pub fn parse_cpu(raw: &str) -> Result<u32, String> {
    let s = raw.trim();
    let bad = || format!("{raw:?} is not a CPU amount; use a number of CPUs such as 1, 2 or 0.5, or millicpus such as 500m");
    let millis: f64 = if let Some(m) = s.strip_suffix('m') {
        m.parse::<u32>().map_err(|_| bad())?.into()
    } else {
        let cpus: f64 = s.parse().map_err(|_| bad())?;
        if !cpus.is_finite() {
            return Err(bad());
        }
        cpus * 1000.0
    };
    if millis < f64::from(MIN_CPU_MILLIS) {
        return Err(format!("{raw:?} is too little; use at least 10m (0.01 CPU)"));
    }
    if millis > f64::from(MAX_CPU_MILLIS) {
        return Err(format!("{raw:?} is too much; at most 8 CPUs"));
    }
    Ok(millis.round() as u32)
}

/// "512 MiB", "1.5 GiB", "300 KiB": for messages.
pub fn format_memory(bytes: u64) -> String {
    const UNITS: [(&str, u64); 3] = [("GiB", 1024 * MI), ("MiB", MI), ("KiB", KI)];
    for (unit, size) in UNITS {
        if bytes >= size {
            let value = bytes as f64 / size as f64;
            return if (value - value.round()).abs() < 0.05 { format!("{} {unit}", value.round()) } else { format!("{value:.1} {unit}") };
        }
    }
    format!("{bytes} B")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_quantities() {
        let check = |raw: &str, expected: Result<u64, &str>| {
            assert_eq!(parse_memory(raw).map_err(|e| e.split(';').next().unwrap().to_owned()), expected.map_err(str::to_owned), "{raw}");
        };
        check("512Mi", Ok(512 * MI));
        check("1Gi", Ok(1024 * MI));
        check("1.5Gi", Ok(1536 * MI));
        check("256M", Ok(256_000_000));
        check("33554432", Ok(32 * MI));
        check("32Gi", Ok(32 * 1024 * MI));
        check("33Gi", Err("\"33Gi\" is too large"));
        check("1Mi", Err("\"1Mi\" is too small"));
        check("512MB", Err("\"512MB\" is not a memory size"));
        check("lots", Err("\"lots\" is not a memory size"));
        check("", Err("\"\" is not a memory size"));
    }

    #[test]
    fn cpu_quantities() {
        let check = |raw: &str, expected: Result<u32, &str>| {
            assert_eq!(parse_cpu(raw).map_err(|e| e.split(';').next().unwrap().to_owned()), expected.map_err(str::to_owned), "{raw}");
        };
        check("1", Ok(1000));
        check("2", Ok(2000));
        check("0.5", Ok(500));
        check("500m", Ok(500));
        check("1000m", Ok(1000));
        check("9", Err("\"9\" is too much"));
        check("5m", Err("\"5m\" is too little"));
        check("one", Err("\"one\" is not a CPU amount"));
        check("NaN", Err("\"NaN\" is not a CPU amount"));
    }

    #[test]
    fn memory_in_words() {
        assert_eq!(format_memory(512 * MI), "512 MiB");
        assert_eq!(format_memory(1536 * MI), "1.5 GiB");
        assert_eq!(format_memory(300 * KI), "300 KiB");
        assert_eq!(format_memory(12), "12 B");
    }
}
