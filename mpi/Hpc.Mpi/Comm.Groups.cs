namespace Hpc.Mpi;

/// <summary>Making communicators, and ending the job.</summary>
public sealed partial class Comm
{
    /// <summary>A communicator with the same ranks and a message space of its own (MPI_Comm_dup).</summary>
    public Comm Dup() => new(_runtime, _members, AgreeOnContext());

    /// <summary>
    /// Splits the communicator (MPI_Comm_split): ranks giving the same <paramref name="color"/> form a new
    /// communicator, numbered by <paramref name="key"/> and then by their rank here. A negative color takes the
    /// rank out (the call returns null). Every rank must call it.
    /// </summary>
    public Comm? Split(int color, int key)
    {
        int[] pairs = new int[2 * Size];
        Allgather<int>([color, key], pairs);
        int context = AgreeOnContext();
        if (color < 0)
        {
            return null;
        }

        int[] members = Enumerable.Range(0, Size)
            .Where(r => pairs[2 * r] == color)
            .OrderBy(r => pairs[2 * r + 1])
            .ThenBy(r => r)
            .Select(r => _members[r])
            .ToArray();
        return new Comm(_runtime, members, context);
    }

    /// <summary>The ranks of this communicator as a group, in its order (MPI_Comm_group).</summary>
    public Group Group => new([.. _members]);

    /// <summary>
    /// Makes a communicator of the members of <paramref name="group"/>, numbered in the group's order
    /// (MPI_Comm_create); the group must be a subset of this communicator, and the same on every rank. A rank not in
    /// the group gets null. Every rank of this communicator must call it.
    /// </summary>
    /// <exception cref="ArgumentException">A member of the group is not a rank of this communicator.</exception>
    public Comm? Create(Group group)
    {
        ArgumentNullException.ThrowIfNull(group);
        foreach (int member in group.Members)
        {
            if (_rankOf[member] < 0)
            {
                throw new ArgumentException($"world rank {member} of the group is not a rank of this communicator", nameof(group));
            }
        }

        int context = AgreeOnContext();
        return group.IndexOf(_runtime.Engine.Rank) < 0 ? null : new Comm(_runtime, group.Members.ToArray(), context);
    }

    /// <summary>
    /// Splits the communicator by where ranks run (MPI_Comm_split_type): <see cref="CommSplitType.Shared"/> gives the
    /// ranks of this rank's node, <see cref="CommSplitType.Isle"/> those of its isle; numbered by
    /// <paramref name="key"/>, then by rank here. Every rank must call it with the same type.
    /// </summary>
    public Comm SplitType(CommSplitType type, int key)
    {
        (int node, int isle) = Engine.PlaceOf(Engine.Rank);
        int color = type switch
        {
            CommSplitType.Shared => node,
            CommSplitType.Isle => (node << 16) | isle,
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not a split type"),
        };
        return Split(color, key)!;
    }

    /// <summary>How <paramref name="first"/> and <paramref name="second"/> relate (MPI_Comm_compare); a local call.</summary>
    public static CommComparison Compare(Comm first, Comm second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        if (ReferenceEquals(first, second) || (first._context == second._context && first._members.AsSpan().SequenceEqual(second._members)))
        {
            return CommComparison.Identical;
        }

        if (first._members.AsSpan().SequenceEqual(second._members))
        {
            return CommComparison.Congruent;
        }

        return first.Size == second.Size && first._members.Order().SequenceEqual(second._members.Order())
            ? CommComparison.Similar
            : CommComparison.Unequal;
    }

    /// <summary>Ends the whole job with <paramref name="code"/> as its exit status (MPI_Abort); does not return.</summary>
    public void Abort(int code) => Hpc.Job.Abort(code, $"rank {Rank} of a communicator of {Size} called Abort({code})");

    /// <summary>
    /// A context id free on every member: the largest next-free id among them. Communicators made by one Split
    /// share it, which is safe because their member sets are disjoint.
    /// </summary>
    private int AgreeOnContext()
    {
        int context = Allreduce(_runtime.NextContext, Op<int>.Max);
        _runtime.NextContext = context + 2;
        return context;
    }
}
