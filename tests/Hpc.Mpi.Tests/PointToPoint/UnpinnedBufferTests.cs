using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Hpc.Mpi.Tests.PointToPoint;

/// <summary>
/// Isend and Irecv of managed arrays hold the array, not a pinned address (no GCHandle per operation): a compacting
/// GC between posting and copying moves the array, and the bytes must still come from and land in it.
/// </summary>
[TestFixture]
public sealed unsafe class UnpinnedBufferTests
{
    /// <summary>Messages queued behind a full channel (the smallest channel holds far fewer).</summary>
    private const int Queued = 2000;

    [Test]
    public void Irecv_ArrayMovedByCompactingGcBeforeTheMessageArrives_DataLandsInTheArray()
    {
        bool[] moved = SegmentWorld.Run(2, comm =>
        {
            if (comm.Rank == 0)
            {
                comm.Recv<int>(1, 1); // rank 1 has posted and collected
                comm.Send<long>([42, 43, 44], 1, 2);
                return false;
            }

            long[] buffer = new long[3];
            nint before = AddressOf(buffer);
            Request receive = comm.Irecv<long>(buffer, 0, 2);
            Compact();
            bool wasMoved = AddressOf(buffer) != before;
            comm.Send(1, 0, 1);
            receive.Wait();
            Assert.That(buffer, Is.EqualTo(new long[] { 42, 43, 44 }));
            return wasMoved;
        });

        Assume.That(moved[1], "the GC did not move the receive buffer: nothing was checked beyond an ordinary receive");
    }

    [Test]
    public void Isend_ArraysMovedByCompactingGcWhileQueuedBehindAFullChannel_EveryMessageIntact()
    {
        bool[] moved = SegmentWorld.Run(2, comm =>
        {
            if (comm.Rank == 0)
            {
                var arrays = new long[Queued][];
                var requests = new Request[Queued];
                for (int i = 0; i < Queued; i++)
                {
                    arrays[i] = [i, -i, i * 3L];
                    requests[i] = comm.Isend<long>(arrays[i], 1, 5);
                }

                nint before = AddressOf(arrays[^1]);
                Compact();
                bool wasMoved = AddressOf(arrays[^1]) != before;
                comm.Send(1, 1, 6); // rank 1 starts receiving only now: most sends are still queued
                Request.WaitAll(requests);
                return wasMoved;
            }

            comm.Recv<int>(0, 6);
            long[] message = new long[3];
            for (int i = 0; i < Queued; i++)
            {
                comm.Recv<long>(message, 0, 5);
                Assert.That(message, Is.EqualTo(new long[] { i, -i, i * 3L }), $"message {i}");
            }

            return false;
        });

        Assume.That(moved[0], "the GC did not move the queued sends' arrays: nothing was checked beyond ordinary sends");
    }

    /// <summary>Where the array's elements are now.</summary>
    private static nint AddressOf(long[] array) => (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array));

    /// <summary>Garbage around the live arrays, then full compacting collections (which move survivors).</summary>
    private static void Compact()
    {
        for (int i = 0; i < 10_000; i++)
        {
            _ = new byte[64];
        }

        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
    }
}
