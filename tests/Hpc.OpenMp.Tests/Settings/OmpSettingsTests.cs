using Hpc.OpenMp.Settings;

namespace Hpc.OpenMp.Tests.Settings;

/// <summary>The OMP_* variables: spec meanings, and a clear error for a bad value.</summary>
[TestFixture]
public sealed class OmpSettingsTests
{
    /// <summary>Parses an environment given as pairs.</summary>
    private static OmpSettings Parse(params (string Name, string Value)[] variables)
    {
        var map = variables.ToDictionary(v => v.Name, v => v.Value);
        return OmpSettings.Parse(name => map.GetValueOrDefault(name));
    }

    /// <summary>Parse, unset: defaults.</summary>
    [Test]
    public void Parse_Unset_Defaults()
    {
        OmpSettings settings = Parse();
        Assert.That(settings.NumThreads, Is.Null);
        Assert.That(settings.NumThreadsPerLevel, Is.Empty);
        Assert.That(settings.NestedNumThreads(1), Is.Null);
        Assert.That(settings.Schedule, Is.EqualTo(Schedule.Static()));
        Assert.That(settings.Bind, Is.EqualTo(ProcBind.True));
        Assert.That(settings.Wait, Is.EqualTo(WaitPolicy.Default));
        Assert.That(settings.MaxActiveLevels, Is.EqualTo(1));
    }

    /// <summary>Parse, good values: understood.</summary>
    [Test]
    public void Parse_GoodValues_Understood()
    {
        OmpSettings settings = Parse(
            ("OMP_NUM_THREADS", " 3,2 "), ("OMP_SCHEDULE", "nonmonotonic:DYNAMIC, 4"), ("OMP_PROC_BIND", "spread,close"),
            ("OMP_PLACES", "{0},{1}"), ("OMP_WAIT_POLICY", "Passive"), ("OMP_MAX_ACTIVE_LEVELS", "0"),
            ("OMP_THREAD_LIMIT", "8"), ("OMP_DYNAMIC", "true"));
        Assert.That(settings.NumThreads, Is.EqualTo(3));
        Assert.That(settings.Schedule, Is.EqualTo(Schedule.Dynamic(4)));
        Assert.That(settings.Bind, Is.EqualTo(ProcBind.Spread));
        Assert.That(settings.Places, Is.EqualTo("{0},{1}"));
        Assert.That(settings.Wait, Is.EqualTo(WaitPolicy.Passive));
        Assert.That(settings.MaxActiveLevels, Is.Zero);
        Assert.That(settings.ThreadLimit, Is.EqualTo(8));
        Assert.That(settings.Dynamic, Is.True);
        Assert.That(Parse(("OMP_SCHEDULE", "guided")).Schedule, Is.EqualTo(Schedule.Guided(1)));
        Assert.That(Parse(("OMP_SCHEDULE", "static,16")).Schedule, Is.EqualTo(Schedule.Static(16)));
        Assert.That(Parse(("OMP_SCHEDULE", "auto")).Schedule, Is.EqualTo(Schedule.Auto));
        Assert.That(Parse(("OMP_PROC_BIND", "false")).Bind, Is.EqualTo(ProcBind.False));
        Assert.That(Parse(("OMP_PROC_BIND", "master")).Bind, Is.EqualTo(ProcBind.Primary));
        Assert.That(Parse(("OMP_STACKSIZE", "512")).StackSize, Is.EqualTo(512 * 1024), "K when no unit");
        Assert.That(Parse(("OMP_STACKSIZE", " 64 m ")).StackSize, Is.EqualTo(64 << 20));
        Assert.That(Parse(("OMP_STACKSIZE", "1G")).StackSize, Is.EqualTo(1 << 30));
        Assert.That(Parse(("OMP_STACKSIZE", "300000B")).StackSize, Is.EqualTo(300000));
        Assert.That(Parse().StackSize, Is.Null);
    }

    /// <summary>
    /// Parse, OMP_NUM_THREADS list: one size per nesting level, the last for deeper levels; a list of several levels
    /// makes them active unless OMP_MAX_ACTIVE_LEVELS says otherwise.
    /// </summary>
    [Test]
    public void Parse_NumThreadsList_OneSizePerLevel()
    {
        OmpSettings settings = Parse(("OMP_NUM_THREADS", "4, 2,3"));
        Assert.That(settings.NumThreads, Is.EqualTo(4));
        Assert.That(settings.NumThreadsPerLevel, Is.EqualTo(new[] { 4, 2, 3 }));
        Assert.That((settings.NestedNumThreads(1), settings.NestedNumThreads(2), settings.NestedNumThreads(5)), Is.EqualTo((2, 3, 3)));
        Assert.That(settings.MaxActiveLevels, Is.EqualTo(3));

        OmpSettings single = Parse(("OMP_NUM_THREADS", "4"));
        Assert.That(single.NestedNumThreads(1), Is.Null, "one entry: nested levels take the first level's (changeable) value");
        Assert.That(single.MaxActiveLevels, Is.EqualTo(1));

        Assert.That(Parse(("OMP_NUM_THREADS", "4,2"), ("OMP_MAX_ACTIVE_LEVELS", "1")).MaxActiveLevels, Is.EqualTo(1));
    }

    /// <summary>Parse, bad value: clear error.</summary>
    [TestCase("OMP_NUM_THREADS", "0")]
    [TestCase("OMP_NUM_THREADS", "two")]
    [TestCase("OMP_NUM_THREADS", "2,,1")]
    [TestCase("OMP_SCHEDULE", "fast")]
    [TestCase("OMP_SCHEDULE", "dynamic,0")]
    [TestCase("OMP_SCHEDULE", "auto,4")]
    [TestCase("OMP_SCHEDULE", "sometimes:static")]
    [TestCase("OMP_PROC_BIND", "true,close")]
    [TestCase("OMP_PROC_BIND", "tight")]
    [TestCase("OMP_PLACES", "everywhere")]
    [TestCase("OMP_PLACES", "{0,1")]
    [TestCase("OMP_PLACES", "{}")]
    [TestCase("OMP_PLACES", "cores(0)")]
    [TestCase("OMP_WAIT_POLICY", "spin")]
    [TestCase("OMP_MAX_ACTIVE_LEVELS", "-1")]
    [TestCase("OMP_THREAD_LIMIT", "4,2")]
    [TestCase("OMP_DYNAMIC", "yes")]
    [TestCase("OMP_STACKSIZE", "0")]
    [TestCase("OMP_STACKSIZE", "-4M")]
    [TestCase("OMP_STACKSIZE", "4T")]
    [TestCase("OMP_STACKSIZE", "2G")]
    [TestCase("OMP_STACKSIZE", "M")]
    public void Parse_BadValue_ClearError(string variable, string value)
    {
        var error = Assert.Throws<OmpEnvironmentException>(() => Parse((variable, value)));
        Assert.That(error!.Variable, Is.EqualTo(variable));
        Assert.That(error.Message, Does.StartWith($"{variable}='{value}' is not valid: "));
    }

    /// <summary>PlaceList, explicit intervals: expand.</summary>
    [Test]
    public void PlaceList_ExplicitIntervals_Expand()
    {
        int[] cpus = [.. Enumerable.Range(0, 16)];
        Assert.That(PlaceList.Resolve("{0:4}", cpus), Is.EqualTo(new[] { new[] { 0, 1, 2, 3 } }));
        Assert.That(PlaceList.Resolve("{0:2}:4:2", cpus), Is.EqualTo(new[] { new[] { 0, 1 }, [2, 3], [4, 5], [6, 7] }));
        Assert.That(PlaceList.Resolve("{0,2,4:2:3}, {1}", cpus), Is.EqualTo(new[] { new[] { 0, 2, 4, 7 }, [1] }));
        Assert.That(PlaceList.Resolve("{0:4,!2}", cpus), Is.EqualTo(new[] { new[] { 0, 1, 3 } }));
        Assert.That(PlaceList.Resolve("{0}:3,!{1}", cpus), Is.EqualTo(new[] { new[] { 0 }, [2] }));
        Assert.That(PlaceList.Resolve("threads(2)", [5, 6, 7]), Is.EqualTo(new[] { new[] { 5 }, [6] }));
        Assert.That(PlaceList.Resolve(null, [3, 1]), Is.EqualTo(new[] { new[] { 3 }, [1] }));
    }

    /// <summary>PlaceList, cpu the rank does not own: clear error.</summary>
    [Test]
    public void PlaceList_CpuTheRankDoesNotOwn_ClearError()
    {
        var error = Assert.Throws<OmpEnvironmentException>(() => PlaceList.Resolve("{0},{9}", [0, 1]));
        Assert.That(error!.Message, Does.Contain("cpu 9 is not one this rank may use (its cpus: 0,1)"));
    }

    /// <summary>Schedule, to string and parse: round trip.</summary>
    [Test]
    public void Schedule_ToStringAndParse_RoundTrip()
    {
        foreach (Schedule schedule in new[] { Schedule.Static(), Schedule.Static(8), Schedule.Dynamic(3), Schedule.Guided(), Schedule.Auto })
        {
            Assert.That(Schedule.Parse(schedule.ToString()), Is.EqualTo(schedule));
        }

        Assert.That(default(Schedule), Is.EqualTo(Schedule.Runtime));
        Assert.That(() => Schedule.Dynamic(0), Throws.TypeOf<ArgumentOutOfRangeException>());
        Assert.That(() => Schedule.Static(-1), Throws.TypeOf<ArgumentOutOfRangeException>());
    }
}
