namespace Hpc.Mpi.Tests.PointToPoint;

/// <summary>
/// Waits and tests over sets of requests in a world of one rank (messages to oneself): what each completes and
/// consumes, how inactive requests are skipped, and -1 where MPI answers MPI_UNDEFINED.
/// </summary>
[TestFixture]
public sealed class RequestSetTests
{
    [Test]
    public void TestAll_OnePending_ConsumesNoneThenAllOnceComplete()
    {
        Comm world = Comm.World;
        long[] first = new long[1];
        long[] second = new long[1];
        Request[] requests = [world.Irecv<long>(first, 0, 30), world.Irecv<long>(second, 0, 31)];
        world.Send(1L, 0, 30);

        Assert.That(Request.TestAll(requests), Is.False);
        Assert.That(requests[0].IsActive && requests[1].IsActive, Is.True, "a failed TestAll consumes nothing");

        world.Send(2L, 0, 31);
        Span<Status> statuses = new Status[2];
        Assert.That(Request.TestAll(requests, statuses), Is.True);
        Assert.That((first[0], second[0], statuses[0].Tag, statuses[1].Tag), Is.EqualTo((1L, 2L, 30, 31)));
        Assert.That(requests[0].IsActive || requests[1].IsActive, Is.False);
    }

    [Test]
    public void TestAny_SkipsInactive_AndSaysMinusOneWhenNoneIsActive()
    {
        Comm world = Comm.World;
        long[] value = new long[1];
        Request[] requests = [default, world.Irecv<long>(value, 0, 32)];

        Assert.That(Request.TestAny(requests, out _, out _), Is.False);
        world.Send(5L, 0, 32);
        Assert.That(Request.TestAny(requests, out int index, out Status status), Is.True);
        Assert.That((index, status.Tag, value[0]), Is.EqualTo((1, 32, 5L)));
        Assert.That(Request.TestAny(requests, out index, out _), Is.True);
        Assert.That(index, Is.EqualTo(-1));
    }

    [Test]
    public void WaitSomeAndTestSome_TakeEveryCompletedRequest()
    {
        Comm world = Comm.World;
        long[][] values = [new long[1], new long[1], new long[1]];
        Request[] requests = [world.Irecv<long>(values[0], 0, 33), world.Irecv<long>(values[1], 0, 34), world.Irecv<long>(values[2], 0, 35)];
        Span<int> indices = new int[3];
        world.Send(10L, 0, 35);
        world.Send(11L, 0, 33);

        int count = Request.WaitSome(requests, indices);
        Assert.That(indices[..count].ToArray(), Is.EqualTo(new[] { 0, 2 }));
        Assert.That(Request.TestSome(requests, indices), Is.Zero);

        world.Send(12L, 0, 34);
        Assert.That(Request.TestSome(requests, indices), Is.EqualTo(1));
        Assert.That(indices[0], Is.EqualTo(1));
        Assert.That(Request.WaitSome(requests, indices), Is.EqualTo(-1), "no request left active");
        Assert.That(values.Select(v => v[0]), Is.EqualTo(new[] { 11L, 12L, 10L }));
    }

    [Test]
    public void Wait_ConsumedRequest_ReturnsAnEmptyStatusAtOnce()
    {
        Comm world = Comm.World;
        Request receive = world.Irecv<long>(new long[1], 0, 36);
        world.Send(3L, 0, 36);

        Assert.That(receive.Wait().Tag, Is.EqualTo(36));
        Assert.That(receive.IsActive, Is.False);
        Assert.That(receive.Wait(), Is.EqualTo(default(Status)));
        Assert.That(default(Request).Wait(), Is.EqualTo(default(Status)));
    }
}
