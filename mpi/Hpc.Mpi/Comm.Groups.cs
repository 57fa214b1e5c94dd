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
