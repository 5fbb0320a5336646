using System.Text;
using Microfactory.Testing;

namespace Microfactory.Storage.Tests.Contract;

/// <summary>Append blobs as the journal uses them: create once, append only at the expected position, read from an offset.</summary>
public abstract class AppendBlobContract
{
    protected readonly string Root = "append-" + Guid.NewGuid().ToString("N")[..12];

    protected abstract IAppendBlobs Appends { get; }

    /// <summary>Another node's client on the same data.</summary>
    protected abstract IAppendBlobs OpenAnother();

    private string Key(string name) => $"{Root}/{name}";

    [Fact]
    public async Task Create_makes_an_empty_blob_once()
    {
        Assert.True(await Appends.CreateAppendBlobAsync(Key("log")).Within("create"));
        await Appends.AppendAsync(Key("log"), Encoding.UTF8.GetBytes("kept"), 0).Within("append");

        Assert.False(await Appends.CreateAppendBlobAsync(Key("log")).Within("create again"));
        Assert.Equal("kept", Encoding.UTF8.GetString((await Appends.ReadAppendedAsync(Key("log"), 0, 1024).Within("read"))!.Value.Span));
    }

    [Fact]
    public async Task Appends_land_only_at_the_expected_position()
    {
        await Appends.CreateAppendBlobAsync(Key("log")).Within("create");
        Assert.Equal(3, await Appends.AppendAsync(Key("log"), "abc"u8.ToArray(), 0).Within("first append"));
        Assert.Equal(5, await Appends.AppendAsync(Key("log"), "de"u8.ToArray(), 3).Within("second append"));

        var stale = await Assert.ThrowsAsync<StoreConflictException>(() => Appends.AppendAsync(Key("log"), "xx"u8.ToArray(), 3));
        var ahead = await Assert.ThrowsAsync<StoreConflictException>(() => Appends.AppendAsync(Key("log"), "xx"u8.ToArray(), 9));
        var missing = await Assert.ThrowsAsync<StoreConflictException>(() => Appends.AppendAsync(Key("nothing"), "xx"u8.ToArray(), 0));

        Assert.All([stale, ahead, missing], e => Assert.Equal(StoreConflictKind.PreconditionFailed, e.Kind));
        Assert.Equal("abcde", Encoding.UTF8.GetString((await Appends.ReadAppendedAsync(Key("log"), 0, 1024).Within("read"))!.Value.Span));
    }

    [Fact]
    public async Task Reads_start_at_an_offset_stop_at_the_limit_and_are_empty_at_the_end()
    {
        await Appends.CreateAppendBlobAsync(Key("log")).Within("create");
        Assert.Equal(0, (await Appends.ReadAppendedAsync(Key("log"), 0, 16).Within("read of an empty blob"))!.Value.Length);
        await Appends.AppendAsync(Key("log"), "0123456789"u8.ToArray(), 0).Within("append");

        Assert.Equal("3456", Encoding.UTF8.GetString((await Appends.ReadAppendedAsync(Key("log"), 3, 4).Within("middle"))!.Value.Span));
        Assert.Equal("89", Encoding.UTF8.GetString((await Appends.ReadAppendedAsync(Key("log"), 8, 100).Within("tail"))!.Value.Span));
        Assert.Equal(0, (await Appends.ReadAppendedAsync(Key("log"), 10, 100).Within("at the end"))!.Value.Length);
        Assert.Null(await Appends.ReadAppendedAsync(Key("missing"), 0, 100).Within("missing blob"));
    }

    [Fact]
    public async Task Of_writers_racing_for_one_position_exactly_one_lands()
    {
        await Appends.CreateAppendBlobAsync(Key("race")).Within("create");
        var writers = new[] { Appends, OpenAnother(), OpenAnother(), OpenAnother() };

        var outcomes = await Task.WhenAll(writers.Select(async (w, i) =>
        {
            try
            {
                await w.AppendAsync(Key("race"), Encoding.UTF8.GetBytes($"writer-{i};"), 0);
                return true;
            }
            catch (StoreConflictException)
            {
                return false;
            }
        })).Within("racing appends");

        Assert.Equal(1, outcomes.Count(o => o));
        var content = Encoding.UTF8.GetString((await Appends.ReadAppendedAsync(Key("race"), 0, 1024).Within("read"))!.Value.Span);
        Assert.Equal($"writer-{Array.IndexOf(outcomes, true)};", content);
    }
}
