namespace Hpc.EndToEnd.Tests;

/// <summary>Console output of many ranks: complete, whole lines, in order per rank.</summary>
[TestFixture]
public sealed class OutputTests
{
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
