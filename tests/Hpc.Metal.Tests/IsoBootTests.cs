using Hpc.EndToEnd.Tests;

namespace Hpc.Metal.Tests;

/// <summary>
/// <c>hermit-run --iso FILE JOB [args]</c>: the ISO it writes (GRUB, multiboot2) boots a PC with no <c>-kernel</c>
/// — SeaBIOS from the CD, GRUB, the kernel's multiboot2 entry — and runs the job (tests/jobs/AotJob, published as
/// aot-job) from its module, with its arguments, output on the serial port and its status through isa-debug-exit.
/// Refusals are one line and status 2.
/// </summary>
[TestFixture]
public sealed class IsoBootTests
{
    /// <summary>Longest a boot may take under TCG before QEMU is killed and the test fails.</summary>
    private static readonly TimeSpan BootLimit = TimeSpan.FromSeconds(120);

    /// <summary>A folder of this fixture's own for the ISOs.</summary>
    private string _folder = "";

    /// <summary>The published job (the test project's build publishes tests/jobs/AotJob as aot-job).</summary>
    private static string AotJob
    {
        get
        {
            string path = Path.Combine(AppContext.BaseDirectory, "aot-job");
            return File.Exists(path) ? path : throw new FileNotFoundException($"{path} is not built (the test project publishes tests/jobs/AotJob)");
        }
    }

    /// <summary>Makes the folder, or skips when GRUB's tools are not installed.</summary>
    [SetUp]
    public void MakeFolder()
    {
        if (!File.Exists("/usr/bin/grub-mkrescue") || !Directory.Exists("/usr/lib/grub/i386-pc") || !File.Exists("/usr/bin/xorriso"))
        {
            Assert.Ignore("grub-mkrescue, GRUB's PC files or xorriso are missing (Debian: grub-pc-bin grub-common xorriso; ./run-tests installs them)");
        }

        _folder = Directory.CreateTempSubdirectory("hpc-iso-test-").FullName;
    }

    /// <summary>Removes the folder and its ISOs.</summary>
    [TearDown]
    public void RemoveFolder()
    {
        if (_folder.Length > 0)
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    /// <summary>
    /// The job's output reaches the serial console after GRUB, and its status 3 is QEMU's exit status (7 = 3 &lt;&lt; 1 | 1);
    /// the kernel found its module and ran it with no argument.
    /// </summary>
    [Test]
    public void Iso_OfAotJob_BootsFromCdAndRunsTheJob()
    {
        string iso = WriteIso(AotJob);
        (int status, string serial, TimeSpan took) = BootCdrom(iso);
        TestContext.Out.WriteLine($"ISO of {new FileInfo(iso).Length / 1024} KiB booted and ended in {took.TotalSeconds:F1} s");
        Assert.Multiple(() =>
        {
            Assert.That(serial, Does.Contain("caught NullReferenceException\n").And.Contain("collected: True\n"), serial);
            Assert.That(serial, Does.Not.Contain("writing through a wild pointer"), serial);
            Assert.That(Qemu.JobStatus(status), Is.EqualTo(3), serial);
        });
    }

    /// <summary>The job's argument goes on the kernel command line after " -- " and reaches the program's argv: "wild" makes it fail fast.</summary>
    [Test]
    public void Iso_WithJobArgument_TheProgramGetsIt()
    {
        string iso = WriteIso(AotJob, "wild");
        (int status, string serial, _) = BootCdrom(iso);
        Assert.Multiple(() =>
        {
            Assert.That(serial, Does.Contain("writing through a wild pointer\n"), serial);
            Assert.That(serial, Does.Contain("hpc: the program was ended by signal 6\n"), serial);
            Assert.That(Qemu.JobStatus(status), Is.EqualTo(63), serial);
        });
    }

    /// <summary>A missing JOB, a FILE that cannot be written and an argument the command line cannot carry: one line, status 2, no ISO and no temporary file left.</summary>
    [TestCase("missing-job")]
    [TestCase("no-such-folder")]
    [TestCase("folder-as-file")]
    [TestCase("argument-with-quote")]
    public void Iso_BadInput_OneLineAndStatus2(string what)
    {
        string iso = Path.Combine(_folder, "job.iso");
        string[] args = what switch
        {
            "missing-job" => ["--iso", iso, Path.Combine(_folder, "no-such-job")],
            "no-such-folder" => ["--iso", Path.Combine(_folder, "no-such-folder", "job.iso"), AotJob],
            "folder-as-file" => ["--iso", _folder, AotJob],
            _ => ["--iso", iso, AotJob, "it's"],
        };
        RunResult run = HermitRun.Run(args);
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
            Assert.That(run.Stderr.TrimEnd('\n').Split('\n'), Has.Length.EqualTo(1).And.All.StartWith("hermit-run: "), run.ToString());
            Assert.That(Directory.GetFileSystemEntries(_folder), Is.Empty, "files left behind");
        });
    }

    /// <summary>Writes an ISO of <paramref name="job"/> with <paramref name="jobArgs"/> through hermit-run; returns its path.</summary>
    private string WriteIso(string job, params string[] jobArgs)
    {
        string iso = Path.Combine(_folder, "job.iso");
        RunResult run = HermitRun.Run(["--iso", iso, job, .. jobArgs]);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(File.Exists(iso), Is.True, run.ToString());
        return iso;
    }

    /// <summary>
    /// Boots <paramref name="iso"/> as a PC's CD (SeaBIOS, no -kernel) and returns QEMU's status, the serial output
    /// and how long QEMU ran; kills QEMU and fails after <see cref="BootLimit"/>.
    /// </summary>
    private static (int Status, string Serial, TimeSpan Took) BootCdrom(string iso) => Qemu.Run(
        [
            "-machine", "pc", "-accel", "tcg", "-cpu", "max", "-m", "256M", "-cdrom", iso, "-boot", "d", "-display", "none",
            "-no-reboot", "-serial", "stdio", "-monitor", "none", "-nic", "none", "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
        ],
        BootLimit,
        $"QEMU booting {iso} did not end within {BootLimit.TotalSeconds} s");
}
