namespace Hpc.Mpi;

/// <summary>
/// An ordered set of ranks of the job (MPI_Group), without a message space: made from a communicator's
/// <see cref="Comm.Group"/>, narrowed with <see cref="Incl"/> or <see cref="Excl"/>, and turned into a communicator by
/// <see cref="Comm.Create"/>. Immutable; rank r of a group is its r-th member.
/// </summary>
/// <example>
/// <code>
/// Group evens = world.Group.Incl([.. Enumerable.Range(0, world.Size).Where(r => r % 2 == 0)]);
/// Comm? evenComm = world.Create(evens); // null on the odd ranks
/// </code>
/// </example>
public sealed class Group
{
    /// <summary>World rank of each member, in group order.</summary>
    private readonly int[] _members;

    /// <summary>Creates a group of the given world ranks (distinct, checked by the caller).</summary>
    internal Group(int[] members) => _members = members;

    /// <summary>The number of members.</summary>
    public int Size => _members.Length;

    /// <summary>World rank of each member, in group order.</summary>
    internal ReadOnlySpan<int> Members => _members;

    /// <summary>
    /// The group of the members at <paramref name="ranks"/> of this group, in that order (MPI_Group_incl).
    /// </summary>
    /// <exception cref="ArgumentException">A rank is outside the group or given twice.</exception>
    public Group Incl(ReadOnlySpan<int> ranks)
    {
        var seen = new bool[Size];
        int[] members = new int[ranks.Length];
        for (int i = 0; i < ranks.Length; i++)
        {
            int rank = ranks[i];
            if ((uint)rank >= (uint)Size || seen[rank])
            {
                throw new ArgumentException($"rank {rank} is not a rank of this group of {Size}, or is given twice", nameof(ranks));
            }

            seen[rank] = true;
            members[i] = _members[rank];
        }

        return new Group(members);
    }

    /// <summary>The group of the members not at <paramref name="ranks"/>, in this group's order (MPI_Group_excl).</summary>
    /// <exception cref="ArgumentException">A rank is outside the group or given twice.</exception>
    public Group Excl(ReadOnlySpan<int> ranks)
    {
        var excluded = new bool[Size];
        foreach (int rank in ranks)
        {
            if ((uint)rank >= (uint)Size || excluded[rank])
            {
                throw new ArgumentException($"rank {rank} is not a rank of this group of {Size}, or is given twice", nameof(ranks));
            }

            excluded[rank] = true;
        }

        return new Group([.. Enumerable.Range(0, Size).Where(r => !excluded[r]).Select(r => _members[r])]);
    }

    /// <summary>
    /// The rank in <paramref name="other"/> of each member at <paramref name="ranks"/> here, or -1 for one that is not
    /// in it (MPI_Group_translate_ranks, with -1 for MPI_UNDEFINED).
    /// </summary>
    public int[] TranslateRanks(ReadOnlySpan<int> ranks, Group other)
    {
        ArgumentNullException.ThrowIfNull(other);
        int[] translated = new int[ranks.Length];
        for (int i = 0; i < ranks.Length; i++)
        {
            int rank = ranks[i];
            if ((uint)rank >= (uint)Size)
            {
                throw new ArgumentOutOfRangeException(nameof(ranks), rank, $"not a rank of this group of {Size}");
            }

            translated[i] = Array.IndexOf(other._members, _members[rank]);
        }

        return translated;
    }

    /// <summary>This rank's place in the group, or -1 when the calling rank is not a member.</summary>
    internal int IndexOf(int worldRank) => Array.IndexOf(_members, worldRank);
}
