/* eslint-disable */
import * as types from './graphql';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query PostSlug($id: ID!) {\n    post(id: $id) {\n      slug\n    }\n  }\n": typeof types.PostSlugDocument,
    "\n  mutation UiLogin($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      accessToken\n      refreshToken\n      accessTokenExpiresAt\n      refreshTokenExpiresAt\n      user { id login }\n    }\n  }\n": typeof types.UiLoginDocument,
    "\n  mutation UiLogout {\n    logout\n  }\n": typeof types.UiLogoutDocument,
    "\n  mutation UiUnsubscribe($token: String!) {\n    unsubscribe(token: $token) {\n      type\n    }\n  }\n": typeof types.UiUnsubscribeDocument,
    "\n  mutation SignUp($email: String!, $password: String!, $login: String!) {\n    signUp(email: $email, password: $password, login: $login) { user { id login } }\n  }\n": typeof types.SignUpDocument,
    "\n  mutation ConfirmEmail($token: String!) {\n    confirmEmail(token: $token) { id login state }\n  }\n": typeof types.ConfirmEmailDocument,
    "\n  mutation ResendConfirmation($email: String!) {\n    resendConfirmation(email: $email)\n  }\n": typeof types.ResendConfirmationDocument,
    "\n  mutation RequestPasswordReset($email: String!) {\n    requestPasswordReset(email: $email)\n  }\n": typeof types.RequestPasswordResetDocument,
    "\n  mutation ResetPassword($token: String!, $newPassword: String!) {\n    resetPassword(token: $token, newPassword: $newPassword)\n  }\n": typeof types.ResetPasswordDocument,
    "\n  mutation AddComment($postId: ID!, $text: String!, $parentId: ID) {\n    addComment(postId: $postId, text: $text, parentId: $parentId) { id state }\n  }\n": typeof types.AddCommentDocument,
    "\n  mutation SetCommentState($postId: ID!, $id: ID!, $state: ContentState!) {\n    setCommentState(postId: $postId, id: $id, state: $state) { id state }\n  }\n": typeof types.SetCommentStateDocument,
    "\n  mutation DeleteComment($postId: ID!, $id: ID!) {\n    deleteComment(postId: $postId, id: $id)\n  }\n": typeof types.DeleteCommentDocument,
    "\n  mutation CreatePost($input: CreatePostInput!) {\n    createPost(input: $input) { id slug state }\n  }\n": typeof types.CreatePostDocument,
    "\n  mutation UpdatePost($id: ID!, $input: UpdatePostInput!) {\n    updatePost(id: $id, input: $input) { id slug state }\n  }\n": typeof types.UpdatePostDocument,
    "\n  mutation SetPostState($id: ID!, $state: ContentState!) {\n    setPostState(id: $id, state: $state) { id slug state }\n  }\n": typeof types.SetPostStateDocument,
    "\n  mutation DeletePost($id: ID!) {\n    deletePost(id: $id)\n  }\n": typeof types.DeletePostDocument,
    "\n  mutation CreateImageUpload($purpose: ImagePurpose!, $contentType: String!, $size: Int!, $alt: String) {\n    createImageUpload(purpose: $purpose, contentType: $contentType, size: $size, alt: $alt) {\n      image { id }\n      url\n      fields { name value }\n    }\n  }\n": typeof types.CreateImageUploadDocument,
    "\n  mutation CompleteImageUpload($id: ID!) {\n    completeImageUpload(id: $id) { id state rejectReason }\n  }\n": typeof types.CompleteImageUploadDocument,
    "\n  mutation CreateTag($name: String!) {\n    createTag(name: $name) { id name }\n  }\n": typeof types.CreateTagDocument,
    "\n  mutation RenameTag($id: ID!, $name: String!) {\n    renameTag(id: $id, name: $name) { id name }\n  }\n": typeof types.RenameTagDocument,
    "\n  mutation UpdateProfile($input: UpdateProfileInput!) {\n    updateProfile(input: $input) { id login displayName bio }\n  }\n": typeof types.UpdateProfileDocument,
    "\n  mutation ChangePassword($newPassword: String!, $currentPassword: String) {\n    changePassword(newPassword: $newPassword, currentPassword: $currentPassword)\n  }\n": typeof types.ChangePasswordDocument,
    "\n  mutation RevokeSession($trackId: ID!) {\n    revokeSession(trackId: $trackId)\n  }\n": typeof types.RevokeSessionDocument,
    "\n  mutation LogoutEverywhere {\n    logoutEverywhere\n  }\n": typeof types.LogoutEverywhereDocument,
    "\n  mutation SetUserRole($userId: ID!, $role: UserRole!) {\n    setUserRole(userId: $userId, role: $role) { id role }\n  }\n": typeof types.SetUserRoleDocument,
    "\n  mutation SetUserState($userId: ID!, $state: UserState!) {\n    setUserState(userId: $userId, state: $state) { id state }\n  }\n": typeof types.SetUserStateDocument,
    "\n  mutation SetTrustedAuthor($userId: ID!, $trusted: Boolean!) {\n    setTrustedAuthor(userId: $userId, trusted: $trusted) { id trustedAuthor }\n  }\n": typeof types.SetTrustedAuthorDocument,
    "\n  mutation RebuildFeed($clear: Boolean!) {\n    rebuildFeed(clear: $clear) { posts authors removed seconds }\n  }\n": typeof types.RebuildFeedDocument,
    "\n  mutation Follow($target: FollowKind!, $id: ID!) {\n    follow(target: $target, id: $id) { kind targetId }\n  }\n": typeof types.FollowDocument,
    "\n  mutation Unfollow($target: FollowKind!, $id: ID!) {\n    unfollow(target: $target, id: $id)\n  }\n": typeof types.UnfollowDocument,
    "\n  mutation UpdateNotificationPreferences($preferences: [NotificationPreferenceInput!]!) {\n    updateNotificationPreferences(preferences: $preferences) { type channels emailCadence }\n  }\n": typeof types.UpdateNotificationPreferencesDocument,
    "\n  mutation MarkNotificationsRead($ids: [ID!]!) {\n    markNotificationsRead(ids: $ids)\n  }\n": typeof types.MarkNotificationsReadDocument,
    "\n  mutation MarkAllNotificationsRead {\n    markAllNotificationsRead\n  }\n": typeof types.MarkAllNotificationsReadDocument,
    "\n  mutation RegisterPushSubscription($endpoint: String!, $keys: PushSubscriptionKeysInput!) {\n    registerPushSubscription(endpoint: $endpoint, keys: $keys) { id endpoint }\n  }\n": typeof types.RegisterPushSubscriptionDocument,
    "\n  mutation UnregisterPushSubscription($endpoint: String!) {\n    unregisterPushSubscription(endpoint: $endpoint)\n  }\n": typeof types.UnregisterPushSubscriptionDocument,
    "\n  fragment CoverFields on Image {\n    id\n    state\n    width\n    height\n    alt\n    placeholder\n    srcset\n    src: url(width: 960)\n  }\n": typeof types.CoverFieldsFragmentDoc,
    "\n  fragment FeedCardFields on FeedItem {\n    id\n    topic\n    slug\n    previewText\n    authorLogin\n    authorDisplayName\n    tags { id name }\n    commentCount\n    publishedAt\n    coverImage { ...CoverFields }\n  }\n": typeof types.FeedCardFieldsFragmentDoc,
    "\n  query Viewer {\n    me { id login displayName role state email avatarUrl avatar { id src: url(width: 160) } }\n  }\n": typeof types.ViewerDocument,
    "\n  query Feed($first: Int!, $after: String, $tagId: ID, $authorId: ID) {\n    feed(first: $first, after: $after, tagId: $tagId, authorId: $authorId) {\n      nodes { ...FeedCardFields }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.FeedDocument,
    "\n  query Tag($id: ID!) {\n    tag(id: $id) { id name viewerFollows }\n  }\n": typeof types.TagDocument,
    "\n  query Tags($first: Int!, $after: String) {\n    tags(first: $first, after: $after) {\n      nodes { id name }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.TagsDocument,
    "\n  query Author($login: String!) {\n    userByLogin(login: $login) {\n      id\n      login\n      displayName\n      bio\n      role\n      createdAt\n      followersCount\n      viewerFollows\n      avatarUrl\n      avatar { id placeholder srcset src: url(width: 160) alt }\n    }\n  }\n": typeof types.AuthorDocument,
    "\n  query Post($slug: String!) {\n    postBySlug(slug: $slug) {\n      id\n      topic\n      slug\n      text\n      previewText\n      state\n      createdAt\n      updatedAt\n      publishedAt\n      viewerFollows\n      author { id login displayName avatar { id src: url(width: 96) } }\n      coverImage { ...CoverFields }\n      tags { id name }\n      comments(first: 100) {\n        nodes { id parentId text state createdAt author { id login displayName } }\n      }\n    }\n  }\n": typeof types.PostDocument,
    "\n  query EditPost($id: ID!) {\n    post(id: $id) {\n      id\n      topic\n      slug\n      text\n      previewText\n      state\n      author { id }\n      coverImage { ...CoverFields }\n      tags { id name }\n    }\n  }\n": typeof types.EditPostDocument,
    "\n  query MyPosts($first: Int!) {\n    me {\n      id\n      posts(first: $first) { nodes { id topic slug state updatedAt } }\n    }\n  }\n": typeof types.MyPostsDocument,
    "\n  query Image($id: ID!) {\n    image(id: $id) { ...CoverFields rejectReason }\n  }\n": typeof types.ImageDocument,
    "\n  query Account {\n    me { id login displayName bio email role avatar { id src: url(width: 160) } }\n    mySessions { id createdAt lastUsedAt userAgent clientAddress current }\n    myTrackSessions(first: 50) { nodes { trackId firstSeen lastSeen userAgent clientAddress current } }\n    myFollows(first: 100) {\n      nodes { kind targetId user { id login displayName } tag { id name } post { id slug topic } }\n    }\n    myNotificationPreferences { type channels emailCadence }\n  }\n": typeof types.AccountDocument,
    "\n  query ModerationQueue($first: Int!) {\n    posts(first: $first, state: ON_MODERATION) {\n      nodes { id topic slug state updatedAt author { id login displayName } }\n    }\n  }\n": typeof types.ModerationQueueDocument,
    "\n  query CommentQueue($first: Int!) {\n    commentQueue(first: $first) {\n      nodes { id postId text createdAt author { id login } post { id topic slug } }\n    }\n  }\n": typeof types.CommentQueueDocument,
    "\n  query Users($first: Int!, $search: String) {\n    users(first: $first, filter: { search: $search }) {\n      nodes { id login displayName email role state trustedAuthor }\n    }\n  }\n": typeof types.UsersDocument,
    "\n  query UnreadCount {\n    me { id unreadNotificationsCount }\n  }\n": typeof types.UnreadCountDocument,
    "\n  query Inbox($first: Int!, $after: String, $locale: String) {\n    me {\n      id\n      unreadNotificationsCount\n      notifications(first: $first, after: $after) {\n        nodes { id type url createdAt read title(locale: $locale) actor { id login displayName } }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n": typeof types.InboxDocument,
    "\n  query VapidPublicKey {\n    vapidPublicKey\n  }\n": typeof types.VapidPublicKeyDocument,
    "\n  mutation UiRefresh($refreshToken: String!) {\n    refreshToken(refreshToken: $refreshToken) {\n      accessToken\n      refreshToken\n      accessTokenExpiresAt\n      refreshTokenExpiresAt\n    }\n  }\n": typeof types.UiRefreshDocument,
};
const documents: Documents = {
    "\n  query PostSlug($id: ID!) {\n    post(id: $id) {\n      slug\n    }\n  }\n": types.PostSlugDocument,
    "\n  mutation UiLogin($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      accessToken\n      refreshToken\n      accessTokenExpiresAt\n      refreshTokenExpiresAt\n      user { id login }\n    }\n  }\n": types.UiLoginDocument,
    "\n  mutation UiLogout {\n    logout\n  }\n": types.UiLogoutDocument,
    "\n  mutation UiUnsubscribe($token: String!) {\n    unsubscribe(token: $token) {\n      type\n    }\n  }\n": types.UiUnsubscribeDocument,
    "\n  mutation SignUp($email: String!, $password: String!, $login: String!) {\n    signUp(email: $email, password: $password, login: $login) { user { id login } }\n  }\n": types.SignUpDocument,
    "\n  mutation ConfirmEmail($token: String!) {\n    confirmEmail(token: $token) { id login state }\n  }\n": types.ConfirmEmailDocument,
    "\n  mutation ResendConfirmation($email: String!) {\n    resendConfirmation(email: $email)\n  }\n": types.ResendConfirmationDocument,
    "\n  mutation RequestPasswordReset($email: String!) {\n    requestPasswordReset(email: $email)\n  }\n": types.RequestPasswordResetDocument,
    "\n  mutation ResetPassword($token: String!, $newPassword: String!) {\n    resetPassword(token: $token, newPassword: $newPassword)\n  }\n": types.ResetPasswordDocument,
    "\n  mutation AddComment($postId: ID!, $text: String!, $parentId: ID) {\n    addComment(postId: $postId, text: $text, parentId: $parentId) { id state }\n  }\n": types.AddCommentDocument,
    "\n  mutation SetCommentState($postId: ID!, $id: ID!, $state: ContentState!) {\n    setCommentState(postId: $postId, id: $id, state: $state) { id state }\n  }\n": types.SetCommentStateDocument,
    "\n  mutation DeleteComment($postId: ID!, $id: ID!) {\n    deleteComment(postId: $postId, id: $id)\n  }\n": types.DeleteCommentDocument,
    "\n  mutation CreatePost($input: CreatePostInput!) {\n    createPost(input: $input) { id slug state }\n  }\n": types.CreatePostDocument,
    "\n  mutation UpdatePost($id: ID!, $input: UpdatePostInput!) {\n    updatePost(id: $id, input: $input) { id slug state }\n  }\n": types.UpdatePostDocument,
    "\n  mutation SetPostState($id: ID!, $state: ContentState!) {\n    setPostState(id: $id, state: $state) { id slug state }\n  }\n": types.SetPostStateDocument,
    "\n  mutation DeletePost($id: ID!) {\n    deletePost(id: $id)\n  }\n": types.DeletePostDocument,
    "\n  mutation CreateImageUpload($purpose: ImagePurpose!, $contentType: String!, $size: Int!, $alt: String) {\n    createImageUpload(purpose: $purpose, contentType: $contentType, size: $size, alt: $alt) {\n      image { id }\n      url\n      fields { name value }\n    }\n  }\n": types.CreateImageUploadDocument,
    "\n  mutation CompleteImageUpload($id: ID!) {\n    completeImageUpload(id: $id) { id state rejectReason }\n  }\n": types.CompleteImageUploadDocument,
    "\n  mutation CreateTag($name: String!) {\n    createTag(name: $name) { id name }\n  }\n": types.CreateTagDocument,
    "\n  mutation RenameTag($id: ID!, $name: String!) {\n    renameTag(id: $id, name: $name) { id name }\n  }\n": types.RenameTagDocument,
    "\n  mutation UpdateProfile($input: UpdateProfileInput!) {\n    updateProfile(input: $input) { id login displayName bio }\n  }\n": types.UpdateProfileDocument,
    "\n  mutation ChangePassword($newPassword: String!, $currentPassword: String) {\n    changePassword(newPassword: $newPassword, currentPassword: $currentPassword)\n  }\n": types.ChangePasswordDocument,
    "\n  mutation RevokeSession($trackId: ID!) {\n    revokeSession(trackId: $trackId)\n  }\n": types.RevokeSessionDocument,
    "\n  mutation LogoutEverywhere {\n    logoutEverywhere\n  }\n": types.LogoutEverywhereDocument,
    "\n  mutation SetUserRole($userId: ID!, $role: UserRole!) {\n    setUserRole(userId: $userId, role: $role) { id role }\n  }\n": types.SetUserRoleDocument,
    "\n  mutation SetUserState($userId: ID!, $state: UserState!) {\n    setUserState(userId: $userId, state: $state) { id state }\n  }\n": types.SetUserStateDocument,
    "\n  mutation SetTrustedAuthor($userId: ID!, $trusted: Boolean!) {\n    setTrustedAuthor(userId: $userId, trusted: $trusted) { id trustedAuthor }\n  }\n": types.SetTrustedAuthorDocument,
    "\n  mutation RebuildFeed($clear: Boolean!) {\n    rebuildFeed(clear: $clear) { posts authors removed seconds }\n  }\n": types.RebuildFeedDocument,
    "\n  mutation Follow($target: FollowKind!, $id: ID!) {\n    follow(target: $target, id: $id) { kind targetId }\n  }\n": types.FollowDocument,
    "\n  mutation Unfollow($target: FollowKind!, $id: ID!) {\n    unfollow(target: $target, id: $id)\n  }\n": types.UnfollowDocument,
    "\n  mutation UpdateNotificationPreferences($preferences: [NotificationPreferenceInput!]!) {\n    updateNotificationPreferences(preferences: $preferences) { type channels emailCadence }\n  }\n": types.UpdateNotificationPreferencesDocument,
    "\n  mutation MarkNotificationsRead($ids: [ID!]!) {\n    markNotificationsRead(ids: $ids)\n  }\n": types.MarkNotificationsReadDocument,
    "\n  mutation MarkAllNotificationsRead {\n    markAllNotificationsRead\n  }\n": types.MarkAllNotificationsReadDocument,
    "\n  mutation RegisterPushSubscription($endpoint: String!, $keys: PushSubscriptionKeysInput!) {\n    registerPushSubscription(endpoint: $endpoint, keys: $keys) { id endpoint }\n  }\n": types.RegisterPushSubscriptionDocument,
    "\n  mutation UnregisterPushSubscription($endpoint: String!) {\n    unregisterPushSubscription(endpoint: $endpoint)\n  }\n": types.UnregisterPushSubscriptionDocument,
    "\n  fragment CoverFields on Image {\n    id\n    state\n    width\n    height\n    alt\n    placeholder\n    srcset\n    src: url(width: 960)\n  }\n": types.CoverFieldsFragmentDoc,
    "\n  fragment FeedCardFields on FeedItem {\n    id\n    topic\n    slug\n    previewText\n    authorLogin\n    authorDisplayName\n    tags { id name }\n    commentCount\n    publishedAt\n    coverImage { ...CoverFields }\n  }\n": types.FeedCardFieldsFragmentDoc,
    "\n  query Viewer {\n    me { id login displayName role state email avatarUrl avatar { id src: url(width: 160) } }\n  }\n": types.ViewerDocument,
    "\n  query Feed($first: Int!, $after: String, $tagId: ID, $authorId: ID) {\n    feed(first: $first, after: $after, tagId: $tagId, authorId: $authorId) {\n      nodes { ...FeedCardFields }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.FeedDocument,
    "\n  query Tag($id: ID!) {\n    tag(id: $id) { id name viewerFollows }\n  }\n": types.TagDocument,
    "\n  query Tags($first: Int!, $after: String) {\n    tags(first: $first, after: $after) {\n      nodes { id name }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.TagsDocument,
    "\n  query Author($login: String!) {\n    userByLogin(login: $login) {\n      id\n      login\n      displayName\n      bio\n      role\n      createdAt\n      followersCount\n      viewerFollows\n      avatarUrl\n      avatar { id placeholder srcset src: url(width: 160) alt }\n    }\n  }\n": types.AuthorDocument,
    "\n  query Post($slug: String!) {\n    postBySlug(slug: $slug) {\n      id\n      topic\n      slug\n      text\n      previewText\n      state\n      createdAt\n      updatedAt\n      publishedAt\n      viewerFollows\n      author { id login displayName avatar { id src: url(width: 96) } }\n      coverImage { ...CoverFields }\n      tags { id name }\n      comments(first: 100) {\n        nodes { id parentId text state createdAt author { id login displayName } }\n      }\n    }\n  }\n": types.PostDocument,
    "\n  query EditPost($id: ID!) {\n    post(id: $id) {\n      id\n      topic\n      slug\n      text\n      previewText\n      state\n      author { id }\n      coverImage { ...CoverFields }\n      tags { id name }\n    }\n  }\n": types.EditPostDocument,
    "\n  query MyPosts($first: Int!) {\n    me {\n      id\n      posts(first: $first) { nodes { id topic slug state updatedAt } }\n    }\n  }\n": types.MyPostsDocument,
    "\n  query Image($id: ID!) {\n    image(id: $id) { ...CoverFields rejectReason }\n  }\n": types.ImageDocument,
    "\n  query Account {\n    me { id login displayName bio email role avatar { id src: url(width: 160) } }\n    mySessions { id createdAt lastUsedAt userAgent clientAddress current }\n    myTrackSessions(first: 50) { nodes { trackId firstSeen lastSeen userAgent clientAddress current } }\n    myFollows(first: 100) {\n      nodes { kind targetId user { id login displayName } tag { id name } post { id slug topic } }\n    }\n    myNotificationPreferences { type channels emailCadence }\n  }\n": types.AccountDocument,
    "\n  query ModerationQueue($first: Int!) {\n    posts(first: $first, state: ON_MODERATION) {\n      nodes { id topic slug state updatedAt author { id login displayName } }\n    }\n  }\n": types.ModerationQueueDocument,
    "\n  query CommentQueue($first: Int!) {\n    commentQueue(first: $first) {\n      nodes { id postId text createdAt author { id login } post { id topic slug } }\n    }\n  }\n": types.CommentQueueDocument,
    "\n  query Users($first: Int!, $search: String) {\n    users(first: $first, filter: { search: $search }) {\n      nodes { id login displayName email role state trustedAuthor }\n    }\n  }\n": types.UsersDocument,
    "\n  query UnreadCount {\n    me { id unreadNotificationsCount }\n  }\n": types.UnreadCountDocument,
    "\n  query Inbox($first: Int!, $after: String, $locale: String) {\n    me {\n      id\n      unreadNotificationsCount\n      notifications(first: $first, after: $after) {\n        nodes { id type url createdAt read title(locale: $locale) actor { id login displayName } }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n": types.InboxDocument,
    "\n  query VapidPublicKey {\n    vapidPublicKey\n  }\n": types.VapidPublicKeyDocument,
    "\n  mutation UiRefresh($refreshToken: String!) {\n    refreshToken(refreshToken: $refreshToken) {\n      accessToken\n      refreshToken\n      accessTokenExpiresAt\n      refreshTokenExpiresAt\n    }\n  }\n": types.UiRefreshDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PostSlug($id: ID!) {\n    post(id: $id) {\n      slug\n    }\n  }\n"): typeof import('./graphql').PostSlugDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UiLogin($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      accessToken\n      refreshToken\n      accessTokenExpiresAt\n      refreshTokenExpiresAt\n      user { id login }\n    }\n  }\n"): typeof import('./graphql').UiLoginDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UiLogout {\n    logout\n  }\n"): typeof import('./graphql').UiLogoutDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UiUnsubscribe($token: String!) {\n    unsubscribe(token: $token) {\n      type\n    }\n  }\n"): typeof import('./graphql').UiUnsubscribeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignUp($email: String!, $password: String!, $login: String!) {\n    signUp(email: $email, password: $password, login: $login) { user { id login } }\n  }\n"): typeof import('./graphql').SignUpDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConfirmEmail($token: String!) {\n    confirmEmail(token: $token) { id login state }\n  }\n"): typeof import('./graphql').ConfirmEmailDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResendConfirmation($email: String!) {\n    resendConfirmation(email: $email)\n  }\n"): typeof import('./graphql').ResendConfirmationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RequestPasswordReset($email: String!) {\n    requestPasswordReset(email: $email)\n  }\n"): typeof import('./graphql').RequestPasswordResetDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResetPassword($token: String!, $newPassword: String!) {\n    resetPassword(token: $token, newPassword: $newPassword)\n  }\n"): typeof import('./graphql').ResetPasswordDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddComment($postId: ID!, $text: String!, $parentId: ID) {\n    addComment(postId: $postId, text: $text, parentId: $parentId) { id state }\n  }\n"): typeof import('./graphql').AddCommentDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetCommentState($postId: ID!, $id: ID!, $state: ContentState!) {\n    setCommentState(postId: $postId, id: $id, state: $state) { id state }\n  }\n"): typeof import('./graphql').SetCommentStateDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteComment($postId: ID!, $id: ID!) {\n    deleteComment(postId: $postId, id: $id)\n  }\n"): typeof import('./graphql').DeleteCommentDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreatePost($input: CreatePostInput!) {\n    createPost(input: $input) { id slug state }\n  }\n"): typeof import('./graphql').CreatePostDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdatePost($id: ID!, $input: UpdatePostInput!) {\n    updatePost(id: $id, input: $input) { id slug state }\n  }\n"): typeof import('./graphql').UpdatePostDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetPostState($id: ID!, $state: ContentState!) {\n    setPostState(id: $id, state: $state) { id slug state }\n  }\n"): typeof import('./graphql').SetPostStateDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeletePost($id: ID!) {\n    deletePost(id: $id)\n  }\n"): typeof import('./graphql').DeletePostDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateImageUpload($purpose: ImagePurpose!, $contentType: String!, $size: Int!, $alt: String) {\n    createImageUpload(purpose: $purpose, contentType: $contentType, size: $size, alt: $alt) {\n      image { id }\n      url\n      fields { name value }\n    }\n  }\n"): typeof import('./graphql').CreateImageUploadDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CompleteImageUpload($id: ID!) {\n    completeImageUpload(id: $id) { id state rejectReason }\n  }\n"): typeof import('./graphql').CompleteImageUploadDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateTag($name: String!) {\n    createTag(name: $name) { id name }\n  }\n"): typeof import('./graphql').CreateTagDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RenameTag($id: ID!, $name: String!) {\n    renameTag(id: $id, name: $name) { id name }\n  }\n"): typeof import('./graphql').RenameTagDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateProfile($input: UpdateProfileInput!) {\n    updateProfile(input: $input) { id login displayName bio }\n  }\n"): typeof import('./graphql').UpdateProfileDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ChangePassword($newPassword: String!, $currentPassword: String) {\n    changePassword(newPassword: $newPassword, currentPassword: $currentPassword)\n  }\n"): typeof import('./graphql').ChangePasswordDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeSession($trackId: ID!) {\n    revokeSession(trackId: $trackId)\n  }\n"): typeof import('./graphql').RevokeSessionDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LogoutEverywhere {\n    logoutEverywhere\n  }\n"): typeof import('./graphql').LogoutEverywhereDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetUserRole($userId: ID!, $role: UserRole!) {\n    setUserRole(userId: $userId, role: $role) { id role }\n  }\n"): typeof import('./graphql').SetUserRoleDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetUserState($userId: ID!, $state: UserState!) {\n    setUserState(userId: $userId, state: $state) { id state }\n  }\n"): typeof import('./graphql').SetUserStateDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetTrustedAuthor($userId: ID!, $trusted: Boolean!) {\n    setTrustedAuthor(userId: $userId, trusted: $trusted) { id trustedAuthor }\n  }\n"): typeof import('./graphql').SetTrustedAuthorDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RebuildFeed($clear: Boolean!) {\n    rebuildFeed(clear: $clear) { posts authors removed seconds }\n  }\n"): typeof import('./graphql').RebuildFeedDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Follow($target: FollowKind!, $id: ID!) {\n    follow(target: $target, id: $id) { kind targetId }\n  }\n"): typeof import('./graphql').FollowDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Unfollow($target: FollowKind!, $id: ID!) {\n    unfollow(target: $target, id: $id)\n  }\n"): typeof import('./graphql').UnfollowDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateNotificationPreferences($preferences: [NotificationPreferenceInput!]!) {\n    updateNotificationPreferences(preferences: $preferences) { type channels emailCadence }\n  }\n"): typeof import('./graphql').UpdateNotificationPreferencesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MarkNotificationsRead($ids: [ID!]!) {\n    markNotificationsRead(ids: $ids)\n  }\n"): typeof import('./graphql').MarkNotificationsReadDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MarkAllNotificationsRead {\n    markAllNotificationsRead\n  }\n"): typeof import('./graphql').MarkAllNotificationsReadDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RegisterPushSubscription($endpoint: String!, $keys: PushSubscriptionKeysInput!) {\n    registerPushSubscription(endpoint: $endpoint, keys: $keys) { id endpoint }\n  }\n"): typeof import('./graphql').RegisterPushSubscriptionDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UnregisterPushSubscription($endpoint: String!) {\n    unregisterPushSubscription(endpoint: $endpoint)\n  }\n"): typeof import('./graphql').UnregisterPushSubscriptionDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment CoverFields on Image {\n    id\n    state\n    width\n    height\n    alt\n    placeholder\n    srcset\n    src: url(width: 960)\n  }\n"): typeof import('./graphql').CoverFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment FeedCardFields on FeedItem {\n    id\n    topic\n    slug\n    previewText\n    authorLogin\n    authorDisplayName\n    tags { id name }\n    commentCount\n    publishedAt\n    coverImage { ...CoverFields }\n  }\n"): typeof import('./graphql').FeedCardFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Viewer {\n    me { id login displayName role state email avatarUrl avatar { id src: url(width: 160) } }\n  }\n"): typeof import('./graphql').ViewerDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Feed($first: Int!, $after: String, $tagId: ID, $authorId: ID) {\n    feed(first: $first, after: $after, tagId: $tagId, authorId: $authorId) {\n      nodes { ...FeedCardFields }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"): typeof import('./graphql').FeedDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Tag($id: ID!) {\n    tag(id: $id) { id name viewerFollows }\n  }\n"): typeof import('./graphql').TagDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Tags($first: Int!, $after: String) {\n    tags(first: $first, after: $after) {\n      nodes { id name }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"): typeof import('./graphql').TagsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Author($login: String!) {\n    userByLogin(login: $login) {\n      id\n      login\n      displayName\n      bio\n      role\n      createdAt\n      followersCount\n      viewerFollows\n      avatarUrl\n      avatar { id placeholder srcset src: url(width: 160) alt }\n    }\n  }\n"): typeof import('./graphql').AuthorDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Post($slug: String!) {\n    postBySlug(slug: $slug) {\n      id\n      topic\n      slug\n      text\n      previewText\n      state\n      createdAt\n      updatedAt\n      publishedAt\n      viewerFollows\n      author { id login displayName avatar { id src: url(width: 96) } }\n      coverImage { ...CoverFields }\n      tags { id name }\n      comments(first: 100) {\n        nodes { id parentId text state createdAt author { id login displayName } }\n      }\n    }\n  }\n"): typeof import('./graphql').PostDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query EditPost($id: ID!) {\n    post(id: $id) {\n      id\n      topic\n      slug\n      text\n      previewText\n      state\n      author { id }\n      coverImage { ...CoverFields }\n      tags { id name }\n    }\n  }\n"): typeof import('./graphql').EditPostDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MyPosts($first: Int!) {\n    me {\n      id\n      posts(first: $first) { nodes { id topic slug state updatedAt } }\n    }\n  }\n"): typeof import('./graphql').MyPostsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Image($id: ID!) {\n    image(id: $id) { ...CoverFields rejectReason }\n  }\n"): typeof import('./graphql').ImageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Account {\n    me { id login displayName bio email role avatar { id src: url(width: 160) } }\n    mySessions { id createdAt lastUsedAt userAgent clientAddress current }\n    myTrackSessions(first: 50) { nodes { trackId firstSeen lastSeen userAgent clientAddress current } }\n    myFollows(first: 100) {\n      nodes { kind targetId user { id login displayName } tag { id name } post { id slug topic } }\n    }\n    myNotificationPreferences { type channels emailCadence }\n  }\n"): typeof import('./graphql').AccountDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ModerationQueue($first: Int!) {\n    posts(first: $first, state: ON_MODERATION) {\n      nodes { id topic slug state updatedAt author { id login displayName } }\n    }\n  }\n"): typeof import('./graphql').ModerationQueueDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CommentQueue($first: Int!) {\n    commentQueue(first: $first) {\n      nodes { id postId text createdAt author { id login } post { id topic slug } }\n    }\n  }\n"): typeof import('./graphql').CommentQueueDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Users($first: Int!, $search: String) {\n    users(first: $first, filter: { search: $search }) {\n      nodes { id login displayName email role state trustedAuthor }\n    }\n  }\n"): typeof import('./graphql').UsersDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UnreadCount {\n    me { id unreadNotificationsCount }\n  }\n"): typeof import('./graphql').UnreadCountDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Inbox($first: Int!, $after: String, $locale: String) {\n    me {\n      id\n      unreadNotificationsCount\n      notifications(first: $first, after: $after) {\n        nodes { id type url createdAt read title(locale: $locale) actor { id login displayName } }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n"): typeof import('./graphql').InboxDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query VapidPublicKey {\n    vapidPublicKey\n  }\n"): typeof import('./graphql').VapidPublicKeyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UiRefresh($refreshToken: String!) {\n    refreshToken(refreshToken: $refreshToken) {\n      accessToken\n      refreshToken\n      accessTokenExpiresAt\n      refreshTokenExpiresAt\n    }\n  }\n"): typeof import('./graphql').UiRefreshDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
