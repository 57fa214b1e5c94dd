namespace Hpc.Isle;

/// <summary>One rank of the isle, run on a thread of the isle (<see cref="RankRunner"/>) or as a process of its own (<see cref="RankProcessRunner"/>).</summary>
internal interface IRankRunner
{
    /// <summary>Starts the rank.</summary>
    void Start();

    /// <summary>Waits until the rank has ended and its end was reported.</summary>
    void Join();
}
