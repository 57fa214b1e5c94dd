// π = ∫₀¹ 4 / (1 + x²) dx by the midpoint rule, split into fixed chunks that a parallel loop hands to the team.
// Each chunk's sum lands in its own slot and the slots are added in order afterwards, so the printed digits do not
// depend on how many threads ran or which took which chunk: the hosted and the metal run print the same line.
// Only what the metal core library offers is used: Omp.ParallelFor, arrays, double arithmetic, ToString("F12").
using Hpc;
using Hpc.OpenMp;

namespace MetalPi;

/// <summary>The job.</summary>
internal static class Program
{
    /// <summary>Number of chunks the intervals are split into.</summary>
    private const int Chunks = 256;
    /// <summary>Intervals per chunk.</summary>
    private const int IntervalsPerChunk = 8192;

    /// <summary>Computes and prints π; returns 0.</summary>
    internal static int Main()
    {
        double width = 1.0 / ((double)Chunks * IntervalsPerChunk);
        double[] sums = new double[Chunks];
        Omp.ParallelFor(0, Chunks, Schedule.Static(), chunk =>
        {
            double sum = 0;
            long first = (long)chunk * IntervalsPerChunk;
            for (int k = 0; k < IntervalsPerChunk; k++)
            {
                double x = (first + k + 0.5) * width;
                sum += 4.0 / (1.0 + x * x);
            }

            sums[chunk] = sum;
        });

        double total = 0;
        for (int chunk = 0; chunk < Chunks; chunk++)
        {
            total += sums[chunk];
        }

        if (Job.Rank == 0)
        {
            long intervals = (long)Chunks * IntervalsPerChunk;
            Console.WriteLine("pi = " + (total * width).ToString("F12") + " from " + intervals.ToString() + " intervals");
        }

        return 0;
    }
}
