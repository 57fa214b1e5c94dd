using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using Hpc.Mpi.Engine;
using Hpc.Segment;

namespace Hpc.Mpi.Tests;

/// <summary>
/// A job of several ranks inside the test process: one real message engine per rank over a segment formatted in this
/// process's memory (the same channels, envelopes and protocols as under hermit-run), each rank a thread running the
/// test's body with its own world communicator.
/// </summary>
internal static unsafe class SegmentWorld
{
    /// <summary>How long a run may take before it counts as hung; it only bounds a failing test.</summary>
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Runs <paramref name="body"/> on <paramref name="size"/> ranks and returns each rank's result; throws the first
    /// rank's exception, or <see cref="TimeoutException"/>. With <paramref name="oneIsle"/> the ranks share an isle
    /// (large and synchronous messages go by rendezvous; collectives would use the isle's shared stage, so keep such
    /// runs to point-to-point); else each rank is an isle of its own and every message goes through its channel.
    /// <paramref name="windowMemory"/> bytes of window memory serve shared-memory windows.
    /// </summary>
    public static TResult[] Run<TResult>(int size, Func<Comm, TResult> body, bool oneIsle = false, int channelCapacity = SegmentLayout.MinChannelCapacity, long windowMemory = 0)
    {
        int isles = oneIsle ? 1 : size;
        var layout = new SegmentLayout(isles, size, 4096, 4096, channelCapacity, windowMemory);
        byte* memory = (byte*)NativeMemory.AlignedAlloc((nuint)layout.TotalSize, 4096);
        NativeMemory.Clear(memory, (nuint)layout.TotalSize);
        int[] isleOf = [.. Enumerable.Range(0, size).Select(rank => oneIsle ? 0 : rank)];
        int[] cpuOf = [.. Enumerable.Range(0, size)];
        SegmentView segment = SegmentView.Format(memory, layout, isleOf, cpuOf);

        var results = new TResult[size];
        ExceptionDispatchInfo? failure = null;
        var threads = new Thread[size];
        for (int rank = 0; rank < size; rank++)
        {
            var engine = new MessageEngine(segment, rank, ownThreadOnly: false);
            int r = rank;
            threads[rank] = new Thread(
                () =>
                {
                    try
                    {
                        results[r] = body(new MpiRuntime(engine).World);
                    }
                    catch (Exception e)
                    {
                        Interlocked.CompareExchange(ref failure, ExceptionDispatchInfo.Capture(e), null);
                    }
                })
            {
                IsBackground = true,
                Name = $"rank {rank}",
            };
        }

        foreach (Thread thread in threads)
        {
            thread.Start();
        }

        DateTime deadline = DateTime.UtcNow + s_timeout;
        foreach (Thread thread in threads)
        {
            TimeSpan left = deadline - DateTime.UtcNow;
            if (!thread.Join(left > TimeSpan.Zero ? left : TimeSpan.Zero))
            {
                // The segment stays allocated: a hung rank may still read it.
                failure?.Throw();
                throw new TimeoutException($"{size} ranks did not finish within {s_timeout.TotalSeconds} s");
            }
        }

        NativeMemory.AlignedFree(memory);
        failure?.Throw();
        return results;
    }
}
