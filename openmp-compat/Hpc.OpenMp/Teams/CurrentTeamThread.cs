namespace Hpc.OpenMp.Teams;

/// <summary>The region state of the calling thread (null outside any parallel region).</summary>
internal static class CurrentTeamThread
{
    /// <summary>The calling thread's state.</summary>
    [ThreadStatic]
    private static TeamThread? s_value;

    /// <summary>The calling thread's state, or null outside any region.</summary>
    public static TeamThread? Value
    {
        get => s_value;
        set => s_value = value;
    }
}
