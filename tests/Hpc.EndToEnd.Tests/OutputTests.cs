namespace Hpc.EndToEnd.Tests;

/// <summary>Console output of many ranks: complete, whole lines, in order per rank.</summary>
[TestFixture]
public sealed class OutputTests
{
    [Test]
    public void Output_ToAFileTheShellShares_LandsBetweenTheShellsLines()
    {
        // A batch script's log: the shell writes before and after hermit-run into the same open file.
        string log = Path.Combine(HermitRun.TempFolder(), "job.log");
        var start = new System.Diagnostics.ProcessStartInfo("/bin/sh") { WorkingDirectory = HermitRun.TempFolder() };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("{ echo before; dotnet \"$1\" -n 2 \"$2\"; echo after; } > \"$3\" 2>&1");
        start.ArgumentList.Add("sh");
        start.ArgumentList.Add(HermitRun.Tool);
        start.ArgumentList.Add(HermitRun.Example("Hello"));
        start.ArgumentList.Add(log);
        using (var shell = System.Diagnostics.Process.Start(start)!)
        {
            Assert.That(shell.WaitForExit(TimeSpan.FromMinutes(2)), Is.True, "the shell did not end");
        }

        string[] lines = File.ReadAllLines(log);
        Assert.That(lines, Has.Length.EqualTo(4), string.Join('\n', lines));
        Assert.That(lines[0], Is.EqualTo("before"));
        Assert.That(lines[1..3], Has.All.StartsWith("Hello from rank "));
        Assert.That(lines[3], Is.EqualTo("after"));
    }

    [TestCase(8, 20_000)]
    [TestCase(64, 100_000, Category = "Stress")]
    public void Lines_ManyRanks_NothingLostAndInOrderPerRank(int ranks, int lines)
    {
        string folder = HermitRun.TempFolder();
        string output = Path.Combine(folder, "out.txt");

        RunResult run = HermitRun.Run(["-n", ranks.ToString(), HermitRun.TestJob, "lines", lines.ToString()], folder, TimeSpan.FromMinutes(10), stdoutFile: output);

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        int[] next = new int[ranks];
        long total = 0;
        foreach (string line in File.ReadLines(output))
        {
            // "rank R line I": each rank's lines arrive whole and in the order it printed them.
            string[] parts = line.Split(' ');
            Assert.That(parts, Has.Length.EqualTo(4), $"malformed line '{line}'");
            int rank = int.Parse(parts[1]);
            int index = int.Parse(parts[3]);
            Assert.That(index, Is.EqualTo(next[rank]), $"rank {rank} out of order");
            next[rank]++;
            total++;
        }

        Assert.That(total, Is.EqualTo((long)ranks * lines));
        Assert.That(next, Has.All.EqualTo(lines));
        Assert.That(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(ranks), run.Stderr);
        File.Delete(output);
    }
}
