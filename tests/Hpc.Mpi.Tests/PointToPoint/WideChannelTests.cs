namespace Hpc.Mpi.Tests.PointToPoint;

/// <summary>
/// Channels wider than the eager bound (256 KiB rings, a job of few ranks): messages just past the eager bound are
/// streamed or go by rendezvous, the first fragment never longer than the message, and arrive intact.
/// </summary>
[TestFixture]
public sealed class WideChannelTests
{
    [TestCase(16_336, false)]
    [TestCase(16_337, false)]
    [TestCase(20_000, false)]
    [TestCase(70_001, false)]
    [TestCase(1_000_003, false)]
    [TestCase(16_337, true)]
    [TestCase(70_001, true)]
    public void Send_AroundTheEagerBound_ArrivesIntact(int bytes, bool oneIsle)
    {
        byte[] sent = [.. Enumerable.Range(0, bytes).Select(i => (byte)(i * 31 + 7))];
        byte[][] results = SegmentWorld.Run<byte[]>(2, world =>
        {
            if (world.Rank == 0)
            {
                world.Send<byte>(sent, 1, 4);
                world.Send<byte>(sent.AsSpan(0, bytes / 2), 1, 5);
                return [];
            }

            byte[] received = new byte[bytes];
            byte[] half = new byte[bytes];
            Status first = world.Recv<byte>(received, 0, 4);
            Status second = world.Recv<byte>(half, 0, 5);
            Assert.That((first.Bytes, second.Bytes), Is.EqualTo((bytes, bytes / 2)));
            return [.. received, .. half.AsSpan(0, bytes / 2).ToArray()];
        }, oneIsle, channelCapacity: 256 * 1024);

        Assert.That(results[1], Is.EqualTo(sent.Concat(sent.Take(bytes / 2)).ToArray()));
    }
}
