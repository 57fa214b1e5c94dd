using System.Diagnostics;

namespace Hpc.Proxy.Placement;

/// <summary>How many ranks each isle gets.</summary>
internal static class RankDistribution
{
    /// <summary>
    /// Splits <paramref name="np"/> ranks over isles in proportion to their core counts (largest remainder, ties to
    /// the earlier isle), then makes sure every isle has at least one rank by taking from the most loaded per core that has two or more.
    /// </summary>
    public static int[] Proportional(int np, IReadOnlyList<int> cores)
    {
        Debug.Assert(cores.Count > 0 && np >= cores.Count && cores.All(c => c > 0), "every isle needs a core and a rank");
        long total = cores.Sum();
        var counts = new int[cores.Count];
        var remainders = new long[cores.Count];
        for (var i = 0; i < cores.Count; i++)
        {
            counts[i] = (int)((long)np * cores[i] / total);
            remainders[i] = (long)np * cores[i] % total;
        }

        var leftover = np - counts.Sum();
        foreach (var i in Enumerable.Range(0, cores.Count).OrderByDescending(i => remainders[i]).ThenBy(i => i).Take(leftover))
        {
            counts[i]++;
        }

        for (var empty = Array.IndexOf(counts, 0); empty >= 0; empty = Array.IndexOf(counts, 0))
        {
            // The donor has the most ranks per core among isles that can spare one; np >= isle count guarantees one exists.
            var donor = -1;
            for (var i = 0; i < counts.Length; i++)
            {
                if (counts[i] >= 2 && (donor < 0 || (long)counts[i] * cores[donor] > (long)counts[donor] * cores[i]))
                {
                    donor = i;
                }
            }

            Debug.Assert(donor >= 0, "some isle must be able to give a rank");
            counts[donor]--;
            counts[empty] = 1;
        }

        Debug.Assert(counts.Sum() == np, "every rank is placed once");
        return counts;
    }
}
