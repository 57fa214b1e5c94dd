using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Hpc.Benchmarks.Runner.Results;
using Hpc.Benchmarks.Runner.Summaries;
using Spectre.Console;

namespace Hpc.Benchmarks.Runner.Suites;

/// <summary>
/// benchmarks/run boot: the metal isle's self-test image booted in QEMU, round after round, with 1, 2 and 4 vCPUs
/// interleaved: from QEMU's start to the job's entry (its first serial line) and to QEMU's exit, as the host sees
/// them; the guest's own time from the kernel's first instruction to the job's entry; the image's size. Under KVM
/// the same, against uhyve's 30 ms, only where a probe boot under KVM succeeds (a PVM-style /dev/kvm pauses a plain
/// guest forever; another aborts QEMU); otherwise the reason is reported and KVM is skipped. Every boot has a limit,
/// after which QEMU is killed and the boot counted as failed: nothing here can hang. Beside it, the hosted start
/// of the same checkout with and without <c>--aot</c> (BootSuite.HostedStart.cs) and examples/Pi's wall time on 1, 2
/// and 4 vCPUs against the same ELF as a host process (BootSuite.PiRuns.cs).
/// </summary>
internal sealed partial class BootSuite
{
    /// <summary>The suite's name on the command line.</summary>
    public const string Name = "boot";
    /// <summary>Rounds per configuration.</summary>
    private const int Rounds = 10;
    /// <summary>uhyve's boot-to-entry figure (ms), the KVM target.</summary>
    private const double UhyveMilliseconds = 30;
    /// <summary>The vCPU counts measured.</summary>
    private static readonly int[] s_vcpus = [1, 2, 4];

    /// <summary>The self-test image.</summary>
    private readonly string _image;
    /// <summary>The checkout (its hermit-run and examples/Hello, for the hosted start rows).</summary>
    private readonly string _root;

    /// <summary>Measures <paramref name="image"/>, and the hosted starts of the checkout at <paramref name="root"/>.</summary>
    public BootSuite(string image, string root)
    {
        _image = image;
        _root = root;
    }

    /// <summary>How long one boot may take under TCG before it counts as failed.</summary>
    private static readonly TimeSpan s_tcgLimit = TimeSpan.FromSeconds(30);

    /// <summary>How long one boot may take under KVM (a working one boots in milliseconds).</summary>
    private static readonly TimeSpan s_kvmLimit = TimeSpan.FromSeconds(10);

    /// <summary>Runs every round, showing progress.</summary>
    public SampleSet Run(ProgressContext progress)
    {
        var set = new SampleSet();
        bool kvm = File.Exists("/dev/kvm") && ProbeKvm();
        string[] accelerators = kvm ? ["tcg", "kvm"] : ["tcg"];
        ProgressTask task = progress.AddTask("metal isle boots", maxValue: Rounds * s_vcpus.Length * accelerators.Length);
        ProgressTask hosted = progress.AddTask("hosted starts, --aot and JIT", maxValue: Rounds);
        ProgressTask pi = progress.AddTask("Pi on 1, 2, 4 vCPUs and natively", maxValue: PiRounds);
        bool hostedWarm = WarmHostedStarts(set);
        bool piPublished = PublishPi(set);
        set.Add(new Sample(SystemKind.Hpc, "image-size", 0, 1, new FileInfo(_image).Length / 1024.0, "KiB"));
        for (int round = 1; round <= Rounds; round++)
        {
            foreach (string accelerator in accelerators)
            {
                foreach (int vcpus in s_vcpus)
                {
                    BootOnce(set, accelerator, vcpus, round);
                    task.Increment(1);
                }
            }

            if (hostedWarm)
            {
                HostedStartsOnce(set, round);
            }

            if (piPublished && round <= PiRounds)
            {
                PiRunsOnce(set, round);
                pi.Increment(1);
            }

            hosted.Increment(1);
        }

        return set;
    }

    /// <summary>Why KVM was not measured although /dev/kvm exists (its probe boot failed), or null.</summary>
    public string? KvmSkipReason { get; private set; }

    /// <summary>One boot under KVM that is not measured; false (with <see cref="KvmSkipReason"/> set) when it fails.</summary>
    private bool ProbeKvm()
    {
        var probe = new SampleSet();
        BootOnce(probe, "kvm", 1, 0);
        KvmSkipReason = probe.Failures.Count == 0 ? null : probe.Failures[0].Reason;
        return KvmSkipReason is null;
    }

    /// <summary>One boot: QEMU start → first serial line → exit, within the accelerator's limit.</summary>
    private void BootOnce(SampleSet set, string accelerator, int vcpus, int round)
    {
        var start = new ProcessStartInfo("qemu-system-x86_64")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (string argument in QemuArguments(accelerator, vcpus, "128M", "exit=0"))
        {
            start.ArgumentList.Add(argument);
        }

        TimeSpan limit = accelerator == "kvm" ? s_kvmLimit : s_tcgLimit;
        long begin = Stopwatch.GetTimestamp();
        using Process process = Process.Start(start)!;
        process.StandardInput.Close();
        Task<string> errorText = process.StandardError.ReadToEndAsync();
        Task<string?> firstLine = process.StandardOutput.ReadLineAsync();
        bool entered = firstLine.Wait(limit);
        long entry = Stopwatch.GetTimestamp();
        Task<string> rest = entered ? process.StandardOutput.ReadToEndAsync() : Task.FromResult("");
        if (!entered || !process.WaitForExit(limit))
        {
            process.Kill();
            process.WaitForExit();
            set.Fail(new Failure(SystemKind.Hpc, $"boot {accelerator} -smp {vcpus}", $"no exit within {limit.TotalSeconds:0} s (killed): {errorText.Result.Trim()}".Trim()));
            return;
        }

        rest.Wait();
        string? first = firstLine.Result;
        string errors = errorText.Result;
        long exit = Stopwatch.GetTimestamp();
        Match guest = GuestEntry().Match(first ?? "");
        if (process.ExitCode != 1 || !guest.Success)
        {
            set.Fail(new Failure(SystemKind.Hpc, $"boot {accelerator} -smp {vcpus}", $"QEMU exited with {process.ExitCode}: {first} {errors}".Trim()));
            return;
        }

        string suffix = accelerator == "kvm" ? "-kvm" : "";
        set.Add(new Sample(SystemKind.Hpc, "boot-to-entry" + suffix, vcpus, round, Stopwatch.GetElapsedTime(begin, entry).TotalMilliseconds, "ms"));
        set.Add(new Sample(SystemKind.Hpc, "boot-to-exit" + suffix, vcpus, round, Stopwatch.GetElapsedTime(begin, exit).TotalMilliseconds, "ms"));
        set.Add(new Sample(SystemKind.Hpc, "kernel-to-entry" + suffix, vcpus, round, double.Parse(guest.Groups[1].Value, CultureInfo.InvariantCulture) / 1000, "ms"));
    }

    /// <summary>
    /// QEMU's arguments for booting the image under <paramref name="accelerator"/> with <paramref name="vcpus"/> vCPUs,
    /// <paramref name="memory"/>, kernel command line <paramref name="append"/> and, when given, <paramref name="module"/>
    /// as the boot module; the console on standard output, the exit status through isa-debug-exit.
    /// </summary>
    private string[] QemuArguments(string accelerator, int vcpus, string memory, string append, string? module = null) =>
    [
        "-machine", "pc", "-accel", accelerator, "-cpu", accelerator == "kvm" ? "host" : "max", "-m", memory,
        "-smp", vcpus.ToString(CultureInfo.InvariantCulture), "-kernel", _image, "-append", append,
        .. module is null ? Array.Empty<string>() : ["-initrd", module],
        "-display", "none", "-no-reboot", "-serial", "stdio", "-monitor", "none", "-nic", "none",
        "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
    ];

    /// <summary>The table: medians per measure and vCPU count; KVM rows against uhyve's 30 ms; the hosted --aot start against the JIT one.</summary>
    public static IReadOnlyList<SummaryRow> Summarize(SampleSet set)
    {
        var rows = new List<SummaryRow> { new("image size", "KiB", set.Median(SystemKind.Hpc, "image-size", 0), null, "", null) };
        bool kvm = set.Samples.Any(sample => sample.Measure == "boot-to-entry-kvm");
        foreach (string suffix in kvm ? new[] { "", "-kvm" } : [""])
        {
            string accelerator = suffix == "" ? "TCG" : "KVM";
            foreach (int vcpus in s_vcpus)
            {
                Target? target = suffix == "" ? null : Target.AtMost(1.0);
                double? peer = suffix == "" ? null : UhyveMilliseconds;
                string peerName = suffix == "" ? "" : "uhyve 30 ms";
                rows.Add(new($"boot to entry, {accelerator}, {vcpus} vCPU", "ms", set.Median(SystemKind.Hpc, "boot-to-entry" + suffix, vcpus), peer, peerName, target));
                rows.Add(new($"boot to exit, {accelerator}, {vcpus} vCPU", "ms", set.Median(SystemKind.Hpc, "boot-to-exit" + suffix, vcpus), null, "", null));
                rows.Add(new($"kernel to entry (guest), {accelerator}, {vcpus} vCPU", "ms", set.Median(SystemKind.Hpc, "kernel-to-entry" + suffix, vcpus), null, "", null));
            }
        }

        rows.AddRange(PiRows(set));
        rows.Add(HostedStartRow(set));
        return rows;
    }

    /// <summary>The self-test's greeting with the guest's kernel-to-entry time.</summary>
    [GeneratedRegex(@"boot to entry: (\d+) us")]
    private static partial Regex GuestEntry();
}
