namespace Hpc.EndToEnd.Tests;

/// <summary>Forwarded file I/O inside the allowed roots, and nothing outside them.</summary>
[TestFixture]
public sealed class FileTests
{
    [Test]
    public void Files_InsideTheRoots_WorkAndOutsideAreDenied()
    {
        string work = HermitRun.TempFolder();
        string data = Path.Combine(work, "data");
        Directory.CreateDirectory(data);
        string outsideFolder = HermitRun.TempFolder();
        string outside = Path.Combine(outsideFolder, "secret.txt");
        File.WriteAllText(outside, "secret");
        File.CreateSymbolicLink(Path.Combine(data, "link-out"), outside);

        RunResult run = HermitRun.Run(["-n", "3", HermitRun.TestJob, "files", "data", outside], work);

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        string[] lines = run.Lines;
        Assert.That(lines.Count(l => l.StartsWith("read back: written by rank", StringComparison.Ordinal)), Is.EqualTo(3), run.ToString());
        Assert.Multiple(() =>
        {
            Assert.That(lines, Does.Contain("stat ok: length 18"));
            Assert.That(lines, Does.Contain("seek ok: by length 4"));
            Assert.That(lines, Does.Contain("mkdir ok: ok"));
            Assert.That(lines, Does.Contain("rename ok: ok"));
            Assert.That(lines, Does.Contain("readdir ok: moved.txt:File"));
            Assert.That(lines, Does.Contain("unlink ok: ok"));
            Assert.That(lines, Does.Contain("rmdir ok: ok"));
            Assert.That(lines, Does.Contain("missing error: FileNotFoundException"));
            Assert.That(lines, Does.Contain("dotdot error: UnauthorizedAccessException"));
            Assert.That(lines, Does.Contain("absolute-outside error: UnauthorizedAccessException"));
            Assert.That(lines, Does.Contain("write-outside error: UnauthorizedAccessException"));
            Assert.That(lines, Does.Contain("symlink-out error: UnauthorizedAccessException"));
        });
        Assert.That(File.Exists(outside + ".new"), Is.False, "nothing was written outside");
        Assert.That(File.ReadAllText(Path.Combine(data, "rank1.txt")), Is.EqualTo("written by rank 1\n"));
    }

    [Test]
    public void Allow_ReadOnlyRoot_ReadableNotWritable()
    {
        string work = HermitRun.TempFolder();
        Directory.CreateDirectory(Path.Combine(work, "data"));
        string shared = HermitRun.TempFolder();
        File.WriteAllText(Path.Combine(shared, "input.txt"), "shared input");

        RunResult run = HermitRun.Run(["-n", "1", "--allow", shared, HermitRun.TestJob, "files", "data", Path.Combine(shared, "input.txt")], work);

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(run.Lines, Does.Contain("absolute-outside ok: shared input"), run.ToString());
        Assert.That(run.Lines, Does.Contain("write-outside error: UnauthorizedAccessException"), run.ToString());
    }

    [Test]
    public void Direct_SystemIoOutsideTheRoots_IsDeniedByTheIsleConfinement()
    {
        string work = HermitRun.TempFolder();
        string outside = Path.Combine(HermitRun.TempFolder(), "secret.txt");
        File.WriteAllText(outside, "secret");
        File.WriteAllText(Path.Combine(work, "inside.txt"), "inside");

        RunResult denied = HermitRun.Run(["-n", "1", HermitRun.TestJob, "direct", outside], work);
        RunResult allowed = HermitRun.Run(["-n", "1", HermitRun.TestJob, "direct", "inside.txt"], work);

        if (denied.Stderr.Contains("Landlock", StringComparison.Ordinal))
        {
            Assert.Ignore("Landlock is not available on this kernel: " + denied.Stderr);
        }

        Assert.That(denied.Lines, Is.EqualTo(new[] { "direct read denied: UnauthorizedAccessException" }), denied.ToString());
        Assert.That(allowed.Lines, Is.EqualTo(new[] { "direct read ok: inside" }), allowed.ToString());
    }
}
