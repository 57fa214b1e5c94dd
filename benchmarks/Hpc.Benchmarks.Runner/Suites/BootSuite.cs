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
/// (where /dev/kvm exists) the same, against uhyve's 30 ms; here that is skipped with a note.
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

    /// <summary>Measures <paramref name="image"/>.</summary>
    public BootSuite(string image) => _image = image;

    /// <summary>True when KVM can be measured.</summary>
    public static bool HasKvm => File.Exists("/dev/kvm");

    /// <summary>Runs every round, showing progress.</summary>
    public SampleSet Run(ProgressContext progress)
    {
        var set = new SampleSet();
        string[] accelerators = HasKvm ? ["tcg", "kvm"] : ["tcg"];
        ProgressTask task = progress.AddTask("metal isle boots", maxValue: Rounds * s_vcpus.Length * accelerators.Length);
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
        }

        return set;
    }

    /// <summary>One boot: QEMU start → first serial line → exit.</summary>
    private void BootOnce(SampleSet set, string accelerator, int vcpus, int round)
    {
        var start = new ProcessStartInfo("qemu-system-x86_64")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (string argument in new[]
        {
            "-machine", "pc", "-accel", accelerator, "-cpu", accelerator == "kvm" ? "host" : "max", "-m", "128M",
            "-smp", vcpus.ToString(CultureInfo.InvariantCulture), "-kernel", _image, "-append", "exit=0",
            "-display", "none", "-no-reboot", "-serial", "stdio", "-monitor", "none", "-nic", "none",
            "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
        })
        {
            start.ArgumentList.Add(argument);
        }

        long begin = Stopwatch.GetTimestamp();
        using Process process = Process.Start(start)!;
        process.StandardInput.Close();
        string? first = process.StandardOutput.ReadLine();
        long entry = Stopwatch.GetTimestamp();
        process.StandardOutput.ReadToEnd();
        string errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
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

    /// <summary>The table: medians per measure and vCPU count; KVM rows against uhyve's 30 ms.</summary>
    public static IReadOnlyList<SummaryRow> Summarize(SampleSet set)
    {
        var rows = new List<SummaryRow> { new("image size", "KiB", set.Median(SystemKind.Hpc, "image-size", 0), null, "", null) };
        foreach (string suffix in HasKvm ? new[] { "", "-kvm" } : [""])
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

        return rows;
    }

    /// <summary>The self-test's greeting with the guest's kernel-to-entry time.</summary>
    [GeneratedRegex(@"boot to entry: (\d+) us")]
    private static partial Regex GuestEntry();
}
