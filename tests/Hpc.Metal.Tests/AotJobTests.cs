using System.Diagnostics;
using Hpc.EndToEnd.Tests;

namespace Hpc.Metal.Tests;

/// <summary>
/// The real .NET runtime on the metal kernel: tests/jobs/AotJob, a plain C# job published with NativeAOT as a
/// static PIE, runs natively on Linux and as the kernel's boot module under QEMU (TCG, 128 MiB, 1 and 2 vCPUs) with
/// the same output and status — collections, LINQ, exceptions from faults and checks, a Task, a Thread, and 512 MiB
/// of short-lived arrays through a collecting GC.
/// </summary>
[TestFixture]
public sealed class AotJobTests
{
    /// <summary>The published job (the test project's build publishes it as aot-job).</summary>
    private static string AotJob
    {
        get
        {
            string path = Path.Combine(AppContext.BaseDirectory, "aot-job");
            return File.Exists(path) ? path : throw new FileNotFoundException($"{path} is not built (the test project publishes tests/jobs/AotJob)");
        }
    }

    /// <summary>tests/jobs/AotJob's project folder: hermit-run builds it for a hosted isle and publishes it for --aot and qemu.</summary>
    private static string AotJobProject => Path.Combine(HermitRun.RepoRoot, "tests", "jobs", "AotJob");

    /// <summary>Long enough for a first build or publish on a loaded machine (a safety net, not a timing check).</summary>
    private static readonly TimeSpan s_publishLimit = TimeSpan.FromMinutes(10);

    /// <summary>Runs the job natively; returns its status and standard output.</summary>
    private static (int Status, string Output) RunNatively(params string[] arguments)
    {
        var start = new ProcessStartInfo(AotJob) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(1)))
        {
            process.Kill();
            Assert.Fail("the job did not end natively");
        }

        _ = error.Result;
        return (process.ExitCode, output);
    }

    /// <summary>QEMU processes still running the job (none may outlive a boot).</summary>
    private static int[] QemuRunningTheJob() =>
        LiveProcesses.Matching(cmdline => cmdline.Contains("qemu-system-x86_64", StringComparison.Ordinal) && cmdline.Contains(AotJob, StringComparison.Ordinal));

    /// <summary>
    /// Same output, line for line, and the same status 3 as natively; the kernel names no unsupported call (its
    /// notices would be lines of their own) and leaves no QEMU process.
    /// </summary>
    [TestCase(1)]
    [TestCase(2)]
    public void AotJob_OnMetal_SameOutputAndStatusAsNatively(int vcpus)
    {
        (int nativeStatus, string nativeOutput) = RunNatively();
        Assert.That(nativeStatus, Is.EqualTo(3), nativeOutput);
        Assert.That(nativeOutput, Does.Contain("caught NullReferenceException\n").And.Contain("collected: True\n"), "the job itself");

        (int status, string serial) = Qemu.Boot("-- ", vcpus: vcpus, initrd: AotJob);
        Assert.Multiple(() =>
        {
            Assert.That(serial, Is.EqualTo(nativeOutput));
            Assert.That(Qemu.JobStatus(status), Is.EqualTo(nativeStatus), serial);
            Assert.That(QemuRunningTheJob(), Is.Empty, "QEMU processes left behind");
        });
    }

    /// <summary>
    /// The published job as hermit-run's JOB on a metal isle: its stdout travels as the rank's records and equals the
    /// native run's; its status is hermit-run's; no segment or QEMU process is left.
    /// </summary>
    [Test]
    public void AotJob_ThroughHermitRun_SameStdoutAndStatusAsNatively()
    {
        (int nativeStatus, string nativeOutput) = RunNatively();
        RunResult run = HermitRun.Run(["--target", "qemu", AotJob]);
        Assert.Multiple(() =>
        {
            Assert.That(run.Stdout, Is.EqualTo(nativeOutput), run.ToString());
            Assert.That(run.Stderr, Does.Not.Contain("unsupported system call"), run.ToString());
            Assert.That(run.ExitCode, Is.EqualTo(nativeStatus), run.ToString());
        });
        MetalLeftovers.AssertNone(run.ToString());
    }

    /// <summary>
    /// Files on all three targets, from a job that knows nothing of Hpc: it writes (in pieces larger than a ring
    /// record), syncs, truncates, reads back, renames, writes from four threads at once, lists (a directory of 1300 entries too, deleted while listed) and deletes below its working directory (an allowed root)
    /// finds a missing file missing, and is refused outside the roots. On qemu each of these calls is a request on the rank's ring served by the
    /// proxy's confined file system, as a hosted rank's forwarded calls are. Same stdout and status 0 on
    /// <c>--target process</c>, <c>--aot</c> and <c>--target qemu</c>; the kernel names no unsupported call; the
    /// working directory is left empty and no VM or segment is left behind.
    /// </summary>
    [Test]
    public void AotJob_Files_SameOutputOnProcessAotAndQemu()
    {
        RunResult hosted = RunFiles([]);
        RunResult aot = RunFiles(["--aot"]);
        // Two vCPUs: the job's threads run on both and take turns for the rank's reply area across them.
        RunResult metal = RunFiles(["--target", "qemu", "--cores-per-isle", "2"]);
        string[] expected =
        [
            "files: read back alpha,beta,gamma",
            "files: stream length 99000, byte at 1000 is 88",
            "files: read 99000 bytes, sum 12622428",
            "files: listed blocks.bin,inner,renamed.txt; aotjob-files/renamed.txt is 17 bytes, aotjob-files/lines.txt exists False",
            "files: threads read back 1000,2000,3000,4000",
            "files: 1300 entries in a large directory",
            "files: deleted, aotjob-files exists False",
            "files: reading a missing file: FileNotFoundException",
            "files: reading /etc/passwd refused (UnauthorizedAccessException)",
            "files: writing /usr/aotjob-forbidden.txt refused, exists False",
        ];
        Assert.Multiple(() =>
        {
            Assert.That(hosted.Lines, Is.EqualTo(expected), hosted.ToString());
            Assert.That(aot.Stdout, Is.EqualTo(hosted.Stdout), $"hosted:\n{hosted}\naot:\n{aot}");
            Assert.That(metal.Stdout, Is.EqualTo(hosted.Stdout), $"hosted:\n{hosted}\nqemu:\n{metal}");
            Assert.That((hosted.ExitCode, aot.ExitCode, metal.ExitCode), Is.EqualTo((0, 0, 0)), $"{hosted}\n{aot}\n{metal}");
            Assert.That(metal.Stderr, Does.Not.Contain("unsupported system call"), metal.ToString());
        });
        MetalLeftovers.AssertNone(metal.ToString());
    }

    /// <summary>Runs the job's "files" mode as one rank on <paramref name="target"/> in a fresh folder, which it must leave empty.</summary>
    private static RunResult RunFiles(string[] target)
    {
        string folder = HermitRun.TempFolder();
        RunResult run = HermitRun.Run([.. target, "-n", "1", AotJobProject, "files"], workingDirectory: folder, limit: s_publishLimit);
        Assert.That(Directory.EnumerateFileSystemEntries(folder), Is.Empty, $"the job left files behind\n{run}");
        Directory.Delete(folder);
        return run;
    }

    /// <summary>
    /// Collections while another thread spins in managed code on the other vCPU: the GC stops it with its
    /// activation signal (tgkill, an IPI to that vCPU, a signal frame, the runtime's hijack, rt_sigreturn). The
    /// output matches the native run's. (On one vCPU a spinning thread keeps it: the scheduler is cooperative.)
    /// </summary>
    [Test]
    public void AotJob_CollectionsBesideSpinningThread_SuspendItWithASignal()
    {
        (int nativeStatus, string nativeOutput) = RunNatively("spinning");
        string line = nativeOutput.Split('\n')[0];
        Assert.That(line, Is.EqualTo("collected 20 times beside a spinning thread: True"), nativeOutput);

        (int status, string serial) = Qemu.Boot("strace -- spinning", vcpus: 2, initrd: AotJob);
        Assert.Multiple(() =>
        {
            Assert.That(serial, Does.Contain(line + "\n"), serial);
            Assert.That(serial, Does.Contain("hpc strace: tgkill(0x1, "), "the GC signalled the spinning thread\n" + serial);
            Assert.That(Qemu.JobStatus(status), Is.EqualTo(nativeStatus), serial);
        });
    }

    /// <summary>
    /// A store through a wild pointer: the runtime's fault handler takes the SIGSEGV (with the address in si_addr),
    /// finds it is no NullReferenceException and fails fast with its own message and SIGABRT, as natively; the
    /// kernel names the signal that ended the program, and the status is 134 capped to QEMU's largest (63).
    /// </summary>
    [Test]
    public void AotJob_WildPointer_FailsFastAsNatively()
    {
        (int nativeStatus, string nativeOutput) = RunNatively("wild");
        (int status, string serial) = Qemu.Boot("-- wild", vcpus: 1, initrd: AotJob);
        Assert.Multiple(() =>
        {
            Assert.That(nativeStatus, Is.EqualTo(134), nativeOutput);
            Assert.That(serial, Does.StartWith(nativeOutput), serial);
            Assert.That(serial, Does.Contain("Process terminated. Access Violation"), serial);
            Assert.That(serial, Does.Contain("hpc: the program was ended by signal 6\n"), serial);
            Assert.That(Qemu.JobStatus(status), Is.EqualTo(63), serial);
        });
    }
}
