using System.Text.Json;

namespace Tally.Notifications.Tests;

/// <summary>The <c>notifications</c> section: read strictly, refused in one line naming the field, never repeating a secret.</summary>
public sealed class NotificationConfigTests
{
    private static (NotificationOptions? Options, string? Problem) Parse(string json, Dictionary<string, string>? environment = null)
    {
        using var document = JsonDocument.Parse(json);
        var options = NotificationConfig.Parse(document.RootElement, "notifications", name => environment?.GetValueOrDefault(name), out var problem);
        return (options, problem);
    }

    [Fact]
    public void A_full_section_is_read_with_the_token_and_secret_from_the_environment()
    {
        var (options, problem) = Parse(
            """{"telegram": {"bot_token_env": "BOT", "base_url": "http://127.0.0.1:9/", "chat_ids": [42, "-100123"]}, "webhook": {"url": "https://example.test/hook", "secret_env": "HOOK"}}""",
            new() { ["BOT"] = "123:abc-DEF_1", ["HOOK"] = "s" });
        Assert.Null(problem);
        Assert.Equal(("123:abc-DEF_1", "http://127.0.0.1:9/"), (options!.Telegram!.BotToken, options.Telegram.BaseUrl.AbsoluteUri));
        Assert.Equal([42L, -100123L], options.Telegram.ChatIds);
        Assert.Equal(("https://example.test/hook", "s"), (options.Webhook!.Url.AbsoluteUri, options.Webhook.Secret));
        Assert.Equal(TelegramOptions.DefaultBaseUrl + "/", Parse("""{"telegram": {"bot_token": "1:x", "chat_ids": [1]}}""").Options!.Telegram!.BaseUrl.AbsoluteUri);
    }

    [Theory]
    [InlineData("""{"telegram": {"bot_token": "1:x", "chat_ids": [1]}, "email": {}}""", "notifications.email: unknown field")]
    [InlineData("""{"telegram": {"bot_token": "1:x", "bot_token_env": "BOT", "chat_ids": [1]}}""", "notifications.telegram: give exactly one of \"bot_token\" and \"bot_token_env\"")]
    [InlineData("""{"telegram": {"bot_token_env": "UNSET", "chat_ids": [1]}}""", "notifications.telegram.bot_token_env: environment variable UNSET is not set")]
    [InlineData("""{"telegram": {"bot_token": "not a token", "chat_ids": [1]}}""", "notifications.telegram.bot_token: not a bot token")]
    [InlineData("""{"telegram": {"bot_token": "1:x", "chat_ids": []}}""", "notifications.telegram.chat_ids: give a non-empty array")]
    [InlineData("""{"telegram": {"bot_token": "1:x", "chat_ids": [1, "me"]}}""", "notifications.telegram.chat_ids[1]: \"me\" is not a chat id")]
    [InlineData("""{"telegram": {"bot_token": "1:x", "chat_ids": [1], "base_url": "ftp://x"}}""", "notifications.telegram.base_url: \"ftp://x\" is not an http(s) URL")]
    [InlineData("""{"webhook": {"url": "https://example.test/hook"}}""", "notifications.webhook.secret_env: name the environment variable")]
    [InlineData("""{}""", "notifications: give \"telegram\" and/or \"webhook\"")]
    public void A_bad_section_is_refused_in_one_line_naming_the_field(string json, string problem)
    {
        var (options, refused) = Parse(json);
        Assert.Null(options);
        Assert.StartsWith(problem, refused, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', refused!);
    }
}
