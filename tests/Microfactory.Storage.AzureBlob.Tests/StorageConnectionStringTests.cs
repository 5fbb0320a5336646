namespace Microfactory.Storage.AzureBlob.Tests;

public sealed class StorageConnectionStringTests
{
    [Fact]
    public void Development_storage_means_azurites_well_known_account()
    {
        var parsed = StorageConnectionString.Parse("UseDevelopmentStorage=true");

        Assert.Equal(new Uri("http://127.0.0.1:10000/devstoreaccount1"), parsed.BlobEndpoint);
        Assert.Equal("devstoreaccount1", parsed.AccountName);
        Assert.Equal(Convert.FromBase64String(StorageConnectionString.DevelopmentAccountKey), parsed.AccountKey);
    }

    [Fact]
    public void An_explicit_blob_endpoint_wins()
    {
        var parsed = StorageConnectionString.Parse(
            "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=AAAA;BlobEndpoint=http://127.0.0.1:41234/devstoreaccount1;");

        Assert.Equal(new Uri("http://127.0.0.1:41234/devstoreaccount1"), parsed.BlobEndpoint);
    }

    [Fact]
    public void Without_a_blob_endpoint_the_public_azure_endpoint_is_derived()
    {
        var parsed = StorageConnectionString.Parse("DefaultEndpointsProtocol=https;AccountName=mfprod;AccountKey=AAAA;EndpointSuffix=core.windows.net");

        Assert.Equal(new Uri("https://mfprod.blob.core.windows.net"), parsed.BlobEndpoint);
        Assert.Equal("mfprod", parsed.AccountName);
    }

    [Theory]
    [InlineData("AccountName=a", "AccountKey is missing")]
    [InlineData("AccountKey=AAAA", "AccountName is missing")]
    [InlineData("AccountName=a;AccountKey=not base64!", "AccountKey is not base64")]
    [InlineData("AccountName=a;AccountKey=AAAA;BlobEndpoint=ftp://x", "not an absolute http(s) URL")]
    [InlineData("AccountName=a;AccountKey=AAAA;secretfragment", "part 3 is not a Name=Value pair")]
    public void Bad_connection_strings_say_what_is_wrong_without_echoing_secrets(string connectionString, string reason)
    {
        var error = Assert.Throws<ArgumentException>(() => StorageConnectionString.Parse(connectionString));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secretfragment", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Printing_a_parsed_connection_string_hides_the_key()
    {
        var parsed = StorageConnectionString.Parse("UseDevelopmentStorage=true");

        Assert.DoesNotContain(StorageConnectionString.DevelopmentAccountKey, parsed.ToString(), StringComparison.Ordinal);
        Assert.Contains("AccountKey=***", parsed.ToString(), StringComparison.Ordinal);
    }
}
