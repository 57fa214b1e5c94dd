using System.Runtime.CompilerServices;

using Hpc.OpenMp.Teams;

namespace Hpc.OpenMp.Regions;

/// <summary>
/// One padded slot per member for partial results of type <typeparamref name="T"/>, per team (nested teams reduce
/// side by side). Grows with the team; otherwise reused, so reductions allocate nothing.
/// </summary>
internal sealed class ReductionScratch<T>
{
    /// <summary>Elements between two members' slots: 128 bytes apart at least, so partials do not share a line.</summary>
    public static readonly int Stride = Math.Max(1, 128 / Math.Max(1, Unsafe.SizeOf<T>()));

    /// <summary>The scratch of each team.</summary>
    private static readonly TeamLocal<ReductionScratch<T>> s_byTeam = new(static () => new ReductionScratch<T>());

    /// <summary>The guard of growth by several members at once.</summary>
    private readonly Lock _growLock = new();

    /// <summary>The slots.</summary>
    private T[] _values = [];

    /// <summary>Slots of <paramref name="team"/> for at least <paramref name="members"/> members (asked by its primary alone).</summary>
    public static T[] For(Team team, int members) => s_byTeam.For(team).Grow(members);

    /// <summary>
    /// Slots of <paramref name="team"/> for <paramref name="members"/> members, when several members ask at once:
    /// the array is replaced only when too small, under a lock, so every member of a region gets the same one.
    /// </summary>
    public static T[] Shared(Team team, int members)
    {
        ReductionScratch<T> scratch = s_byTeam.For(team);
        T[] values = Volatile.Read(ref scratch._values);
        if (values.Length >= members * Stride)
        {
            return values;
        }

        lock (scratch._growLock)
        {
            return scratch.Grow(members);
        }
    }

    /// <summary>Combines the first <paramref name="members"/> slots in member order.</summary>
    public static T Combine(T[] values, int members, Reduction<T> reduction)
    {
        T result = values[0];
        for (int member = 1; member < members; member++)
        {
            result = reduction.Combine(result, values[member * Stride]);
        }

        return result;
    }

    /// <summary>The slots, replaced by a larger array when they are fewer than <paramref name="members"/>.</summary>
    private T[] Grow(int members)
    {
        T[] values = _values;
        if (values.Length < members * Stride)
        {
            values = new T[members * Stride];
            Volatile.Write(ref _values, values);
        }

        return values;
    }
}
