using Hpc.Mpi.Collectives;

namespace Hpc.Mpi.Tests.Collectives;

/// <summary>Runs a collective on a thread world and checks it kept to the tags reserved for the call.</summary>
internal static class Ranks
{
    /// <summary>The base tag the tests reserve for a collective call.</summary>
    public const int Tag = 4000;

    /// <summary>Runs <paramref name="body"/> on every rank of a world of <paramref name="size"/> ranks laid out as <paramref name="shape"/>.</summary>
    public static TResult[] Run<TResult>(int size, IsleShape shape, Func<ICollectiveTransport, TResult> body) =>
        Run(size, shape, body, out _);

    /// <summary>As <see cref="Run{TResult}(int, IsleShape, Func{ICollectiveTransport, TResult})"/>, also handing out the world.</summary>
    public static TResult[] Run<TResult>(int size, IsleShape shape, Func<ICollectiveTransport, TResult> body, out ThreadWorld world)
    {
        TResult[] results = ThreadWorld.Run(size, shape.IsleOf(), body, out world);
        int[] outside = [.. world.TagsUsed.Keys.Where(static tag => tag < Tag || tag >= Tag + CollectiveTags.Count)];
        Assert.That(outside, Is.Empty, "tags outside the range reserved for the call");
        return results;
    }

    /// <summary>Fills an array of <paramref name="count"/> elements from rank <paramref name="rank"/>'s value function.</summary>
    public static T[] Fill<T>(int rank, int count, Func<int, int, T> value)
    {
        var data = new T[count];
        for (int i = 0; i < count; i++)
        {
            data[i] = value(rank, i);
        }

        return data;
    }

    /// <summary>Fails with the first element where <paramref name="actual"/> differs from <paramref name="expected"/>.</summary>
    public static void AssertSame<T>(ReadOnlySpan<T> expected, ReadOnlySpan<T> actual, string where)
    {
        Assert.That(actual.Length, Is.EqualTo(expected.Length), $"{where}: length");
        for (int i = 0; i < expected.Length; i++)
        {
            if (!EqualityComparer<T>.Default.Equals(expected[i], actual[i]))
            {
                Assert.Fail($"{where}: element {i} of {expected.Length} is {actual[i]}, expected {expected[i]}");
            }
        }
    }

    /// <summary>A well-mixed 32-bit value for (rank, index).</summary>
    public static int Mix(int rank, int index)
    {
        uint x = unchecked(((uint)rank * 0x9E3779B1u) ^ ((uint)index * 0x85EBCA77u) ^ 0x5bd1e995u);
        x ^= x >> 15;
        x = unchecked(x * 0x2C1B3C6Du);
        x ^= x >> 12;
        x = unchecked(x * 0x297A2D39u);
        x ^= x >> 15;
        return (int)x;
    }

    /// <summary>The roots a rooted collective is tested with: the first and the last rank.</summary>
    public static IEnumerable<int> Roots(int size) => size == 1 ? [0] : [0, size - 1];
}
