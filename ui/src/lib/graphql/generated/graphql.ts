/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** The life cycle of posts and comments. */
export type ContentState =
  | 'BLOCKED'
  | 'DELETED'
  | 'NEW'
  | 'ON_MODERATION'
  | 'PUBLISHED'
  | 'SCHEDULED';

export type CreatePostInput = {
  /** The author's own READY COVER image (FORBIDDEN otherwise). */
  coverImageId?: string | number | null | undefined;
  /** At most 2000 characters. */
  previewText?: string;
  /** Publish at this time: when approved before it, the post waits as SCHEDULED. */
  publishAt?: string | null | undefined;
  tagIds?: Array<string | number>;
  /** Markdown, at most 100 000 characters. */
  text: string;
  /** At most 512 characters. */
  topic: string;
};

/** When its email goes out. */
export type EmailCadence =
  | 'DAILY'
  | 'IMMEDIATE'
  | 'OFF'
  | 'WEEKLY';

/** What a user follows. */
export type FollowKind =
  | 'AUTHOR'
  | 'POST'
  | 'TAG';

/** What an image is for. */
export type ImagePurpose =
  | 'AVATAR'
  | 'COVER'
  | 'INLINE';

/** Where an image is in its life. */
export type ImageState =
  | 'DELETED'
  | 'DELETING'
  | 'PENDING'
  | 'PROCESSING'
  | 'READY'
  | 'REJECTED';

/** The language notifications are written in. */
export type Locale =
  | 'EN'
  | 'RU';

/** How it reaches the user. */
export type NotificationChannel =
  | 'EMAIL'
  | 'IN_APP'
  | 'PUSH'
  | 'SMS';

/** The whole choice for one type (channels replace the old ones). */
export type NotificationPreferenceInput = {
  channels: Array<NotificationChannel>;
  emailCadence?: EmailCadence;
  type: NotificationType;
};

/** What a notification is about. */
export type NotificationType =
  | 'ACCOUNT_SECURITY'
  | 'COMMENT_IN_THREAD'
  | 'COMMENT_ON_POST'
  | 'EMAIL'
  | 'MODERATION'
  | 'NEW_POST_BY_AUTHOR'
  | 'NEW_POST_IN_TAG'
  | 'REPLY_TO_COMMENT';

/** The `keys` of PushSubscription.toJSON() (base64url). */
export type PushSubscriptionKeysInput = {
  auth: string;
  p256dh: string;
};

/** The reactions a post or comment may get. */
export type ReactionKind =
  | 'FUNNY'
  | 'INSIGHTFUL'
  | 'LIKE';

/** Fields left out (or null) stay as they are, but coverImageId. */
export type UpdatePostInput = {
  /** The author's own READY COVER image (FORBIDDEN otherwise); null removes it. */
  coverImageId?: string | number | null | undefined;
  previewText?: string | null | undefined;
  /** Reschedule a post not published yet; null unschedules it (a SCHEDULED post is then published at once). */
  publishAt?: string | null | undefined;
  /** Replaces the whole set. */
  tagIds?: Array<string | number> | null | undefined;
  text?: string | null | undefined;
  topic?: string | null | undefined;
};

export type UpdateProfileInput = {
  avatarImageId?: string | number | null | undefined;
  avatarUrl?: string | null | undefined;
  bio?: string | null | undefined;
  displayName?: string | null | undefined;
  locale?: Locale | null | undefined;
  login?: string | null | undefined;
};

/** Roles, least to most privileged. */
export type UserRole =
  | 'MODERATOR'
  | 'OWNER'
  | 'READER'
  | 'WRITER';

export type UserState =
  | 'BLOCKED'
  | 'CONFIRMED'
  | 'DELETED'
  | 'NEW';

export type PostSlugQueryVariables = Exact<{
  id: string | number;
}>;


export type PostSlugQuery = { post: { slug: string } | null };

export type UiLoginMutationVariables = Exact<{
  email: string;
  password: string;
}>;


export type UiLoginMutation = { login: { accessToken: string, refreshToken: string, accessTokenExpiresAt: string, refreshTokenExpiresAt: string, user: { id: string, login: string } } };

export type UiLogoutMutationVariables = Exact<{ [key: string]: never; }>;


export type UiLogoutMutation = { logout: boolean };

export type UiUnsubscribeMutationVariables = Exact<{
  token: string;
}>;


export type UiUnsubscribeMutation = { unsubscribe: { type: NotificationType } };

export type CommentAddedSubscriptionVariables = Exact<{
  postId: string | number;
}>;


export type CommentAddedSubscription = { commentAdded: { id: string, parentId: string | null, text: string, state: ContentState, createdAt: string, author: { id: string, login: string, displayName: string } | null } };

export type UnreadCountLiveSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type UnreadCountLiveSubscription = { unreadNotificationsCount: number };

export type NotificationAddedLiveSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type NotificationAddedLiveSubscription = { notificationAdded: { id: string } };

export type SignUpMutationVariables = Exact<{
  email: string;
  password: string;
  login: string;
}>;


export type SignUpMutation = { signUp: { user: { id: string, login: string } } };

export type ConfirmEmailMutationVariables = Exact<{
  token: string;
}>;


export type ConfirmEmailMutation = { confirmEmail: { id: string, login: string, state: UserState } };

export type ResendConfirmationMutationVariables = Exact<{
  email: string;
}>;


export type ResendConfirmationMutation = { resendConfirmation: boolean };

export type RequestPasswordResetMutationVariables = Exact<{
  email: string;
}>;


export type RequestPasswordResetMutation = { requestPasswordReset: boolean };

export type ResetPasswordMutationVariables = Exact<{
  token: string;
  newPassword: string;
}>;


export type ResetPasswordMutation = { resetPassword: boolean };

export type AddCommentMutationVariables = Exact<{
  postId: string | number;
  text: string;
  parentId?: string | number | null | undefined;
}>;


export type AddCommentMutation = { addComment: { id: string, state: ContentState } };

export type SetCommentStateMutationVariables = Exact<{
  postId: string | number;
  id: string | number;
  state: ContentState;
}>;


export type SetCommentStateMutation = { setCommentState: { id: string, state: ContentState } };

export type DeleteCommentMutationVariables = Exact<{
  postId: string | number;
  id: string | number;
}>;


export type DeleteCommentMutation = { deleteComment: string };

export type CreatePostMutationVariables = Exact<{
  input: CreatePostInput;
}>;


export type CreatePostMutation = { createPost: { id: string, slug: string, state: ContentState } };

export type UpdatePostMutationVariables = Exact<{
  id: string | number;
  input: UpdatePostInput;
}>;


export type UpdatePostMutation = { updatePost: { id: string, slug: string, state: ContentState } };

export type SetPostStateMutationVariables = Exact<{
  id: string | number;
  state: ContentState;
}>;


export type SetPostStateMutation = { setPostState: { id: string, slug: string, state: ContentState } };

export type DeletePostMutationVariables = Exact<{
  id: string | number;
}>;


export type DeletePostMutation = { deletePost: string };

export type CreateImageUploadMutationVariables = Exact<{
  purpose: ImagePurpose;
  contentType: string;
  size: number;
  alt?: string | null | undefined;
}>;


export type CreateImageUploadMutation = { createImageUpload: { url: string, image: { id: string }, fields: Array<{ name: string, value: string }> } };

export type CompleteImageUploadMutationVariables = Exact<{
  id: string | number;
}>;


export type CompleteImageUploadMutation = { completeImageUpload: { id: string, state: ImageState, rejectReason: string | null } };

export type CreateTagMutationVariables = Exact<{
  name: string;
}>;


export type CreateTagMutation = { createTag: { id: string, name: string } };

export type RenameTagMutationVariables = Exact<{
  id: string | number;
  name: string;
}>;


export type RenameTagMutation = { renameTag: { id: string, name: string } };

export type UpdateProfileMutationVariables = Exact<{
  input: UpdateProfileInput;
}>;


export type UpdateProfileMutation = { updateProfile: { id: string, login: string, displayName: string, bio: string | null } };

export type ChangePasswordMutationVariables = Exact<{
  newPassword: string;
  currentPassword?: string | null | undefined;
}>;


export type ChangePasswordMutation = { changePassword: boolean };

export type RevokeSessionMutationVariables = Exact<{
  trackId: string | number;
}>;


export type RevokeSessionMutation = { revokeSession: boolean };

export type LogoutEverywhereMutationVariables = Exact<{ [key: string]: never; }>;


export type LogoutEverywhereMutation = { logoutEverywhere: number };

export type SetUserRoleMutationVariables = Exact<{
  userId: string | number;
  role: UserRole;
}>;


export type SetUserRoleMutation = { setUserRole: { id: string, role: UserRole } };

export type SetUserStateMutationVariables = Exact<{
  userId: string | number;
  state: UserState;
}>;


export type SetUserStateMutation = { setUserState: { id: string, state: UserState } };

export type SetTrustedAuthorMutationVariables = Exact<{
  userId: string | number;
  trusted: boolean;
}>;


export type SetTrustedAuthorMutation = { setTrustedAuthor: { id: string, trustedAuthor: boolean } };

export type RebuildFeedMutationVariables = Exact<{
  clear: boolean;
}>;


export type RebuildFeedMutation = { rebuildFeed: { posts: number, authors: number, removed: number, seconds: number } };

export type FollowMutationVariables = Exact<{
  target: FollowKind;
  id: string | number;
}>;


export type FollowMutation = { follow: { kind: FollowKind, targetId: string } };

export type UnfollowMutationVariables = Exact<{
  target: FollowKind;
  id: string | number;
}>;


export type UnfollowMutation = { unfollow: boolean };

export type UpdateNotificationPreferencesMutationVariables = Exact<{
  preferences: Array<NotificationPreferenceInput> | NotificationPreferenceInput;
}>;


export type UpdateNotificationPreferencesMutation = { updateNotificationPreferences: Array<{ type: NotificationType, channels: Array<NotificationChannel>, emailCadence: EmailCadence }> };

export type MarkNotificationsReadMutationVariables = Exact<{
  ids: Array<string | number> | string | number;
}>;


export type MarkNotificationsReadMutation = { markNotificationsRead: number };

export type MarkAllNotificationsReadMutationVariables = Exact<{ [key: string]: never; }>;


export type MarkAllNotificationsReadMutation = { markAllNotificationsRead: number };

export type RegisterPushSubscriptionMutationVariables = Exact<{
  endpoint: string;
  keys: PushSubscriptionKeysInput;
}>;


export type RegisterPushSubscriptionMutation = { registerPushSubscription: { id: string, endpoint: string } };

export type UnregisterPushSubscriptionMutationVariables = Exact<{
  endpoint: string;
}>;


export type UnregisterPushSubscriptionMutation = { unregisterPushSubscription: boolean };

export type BookmarkMutationVariables = Exact<{
  postId: string | number;
}>;


export type BookmarkMutation = { bookmark: { id: string, viewerBookmarked: boolean } };

export type UnbookmarkMutationVariables = Exact<{
  postId: string | number;
}>;


export type UnbookmarkMutation = { unbookmark: string };

export type ReactMutationVariables = Exact<{
  postId: string | number;
  commentId?: string | number | null | undefined;
  kind: ReactionKind;
}>;


export type ReactMutation = { react: { viewerReactions: Array<ReactionKind>, counts: Array<{ kind: ReactionKind, count: number }> } };

export type UnreactMutationVariables = Exact<{
  postId: string | number;
  commentId?: string | number | null | undefined;
  kind: ReactionKind;
}>;


export type UnreactMutation = { unreact: { viewerReactions: Array<ReactionKind>, counts: Array<{ kind: ReactionKind, count: number }> } };

export type CoverFieldsFragment = { id: string, state: ImageState, width: number | null, height: number | null, alt: string | null, placeholder: string | null, srcset: string | null, src: string | null };

export type FeedCardFieldsFragment = { id: string, topic: string, slug: string, previewText: string, authorLogin: string, authorDisplayName: string, commentCount: number, readingMinutes: number, publishedAt: string, tags: Array<{ id: string, name: string }>, reactions: Array<{ kind: ReactionKind, count: number }>, coverImage: { id: string, state: ImageState, width: number | null, height: number | null, alt: string | null, placeholder: string | null, srcset: string | null, src: string | null } | null };

export type ViewerQueryVariables = Exact<{ [key: string]: never; }>;


export type ViewerQuery = { me: { id: string, login: string, displayName: string, role: UserRole, state: UserState, email: string | null, avatarUrl: string | null, avatar: { id: string, src: string | null } | null } | null };

export type FeedQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
  tagId?: string | number | null | undefined;
  authorId?: string | number | null | undefined;
}>;


export type FeedQuery = { feed: { nodes: Array<{ id: string, topic: string, slug: string, previewText: string, authorLogin: string, authorDisplayName: string, commentCount: number, readingMinutes: number, publishedAt: string, tags: Array<{ id: string, name: string }>, reactions: Array<{ kind: ReactionKind, count: number }>, coverImage: { id: string, state: ImageState, width: number | null, height: number | null, alt: string | null, placeholder: string | null, srcset: string | null, src: string | null } | null }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type TagQueryVariables = Exact<{
  id: string | number;
}>;


export type TagQuery = { tag: { id: string, name: string, viewerFollows: boolean } | null };

export type TagsQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
}>;


export type TagsQuery = { tags: { nodes: Array<{ id: string, name: string }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type AuthorQueryVariables = Exact<{
  login: string;
}>;


export type AuthorQuery = { userByLogin: { id: string, login: string, displayName: string, bio: string | null, role: UserRole, createdAt: string, followersCount: number, viewerFollows: boolean, avatarUrl: string | null, avatar: { id: string, placeholder: string | null, srcset: string | null, alt: string | null, src: string | null } | null } | null };

export type PostQueryVariables = Exact<{
  slug: string;
}>;


export type PostQuery = { postBySlug: { id: string, topic: string, slug: string, text: string, previewText: string, state: ContentState, createdAt: string, updatedAt: string, publishedAt: string | null, publishAt: string | null, readingMinutes: number, viewerFollows: boolean, viewerBookmarked: boolean, reactions: { viewerReactions: Array<ReactionKind>, counts: Array<{ kind: ReactionKind, count: number }> }, author: { id: string, login: string, displayName: string, avatar: { id: string, src: string | null } | null } | null, coverImage: { id: string, state: ImageState, width: number | null, height: number | null, alt: string | null, placeholder: string | null, srcset: string | null, src: string | null } | null, tags: Array<{ id: string, name: string }>, comments: { nodes: Array<{ id: string, parentId: string | null, text: string, state: ContentState, createdAt: string, author: { id: string, login: string, displayName: string } | null, reactions: { viewerReactions: Array<ReactionKind>, counts: Array<{ kind: ReactionKind, count: number }> } }> } } | null };

export type EditPostQueryVariables = Exact<{
  id: string | number;
}>;


export type EditPostQuery = { post: { id: string, topic: string, slug: string, text: string, previewText: string, state: ContentState, publishAt: string | null, author: { id: string } | null, coverImage: { id: string, state: ImageState, width: number | null, height: number | null, alt: string | null, placeholder: string | null, srcset: string | null, src: string | null } | null, tags: Array<{ id: string, name: string }> } | null };

export type MyPostsQueryVariables = Exact<{
  first: number;
}>;


export type MyPostsQuery = { me: { id: string, posts: { nodes: Array<{ id: string, topic: string, slug: string, state: ContentState, updatedAt: string }> } } | null };

export type ImageQueryVariables = Exact<{
  id: string | number;
}>;


export type ImageQuery = { image: { rejectReason: string | null, id: string, state: ImageState, width: number | null, height: number | null, alt: string | null, placeholder: string | null, srcset: string | null, src: string | null } | null };

export type AccountQueryVariables = Exact<{ [key: string]: never; }>;


export type AccountQuery = { me: { id: string, login: string, displayName: string, bio: string | null, email: string | null, role: UserRole, avatar: { id: string, src: string | null } | null } | null, mySessions: Array<{ id: string, createdAt: string, lastUsedAt: string, userAgent: string | null, clientAddress: string | null, current: boolean }>, myTrackSessions: { nodes: Array<{ trackId: string, firstSeen: string, lastSeen: string, userAgent: string | null, clientAddress: string | null, current: boolean }> }, myFollows: { nodes: Array<{ kind: FollowKind, targetId: string, user: { id: string, login: string, displayName: string } | null, tag: { id: string, name: string } | null, post: { id: string, slug: string, topic: string } | null }> }, myNotificationPreferences: Array<{ type: NotificationType, channels: Array<NotificationChannel>, emailCadence: EmailCadence }> };

export type ModerationQueueQueryVariables = Exact<{
  first: number;
}>;


export type ModerationQueueQuery = { posts: { nodes: Array<{ id: string, topic: string, slug: string, state: ContentState, updatedAt: string, author: { id: string, login: string, displayName: string } | null }> } };

export type CommentQueueQueryVariables = Exact<{
  first: number;
}>;


export type CommentQueueQuery = { commentQueue: { nodes: Array<{ id: string, postId: string, text: string, createdAt: string, author: { id: string, login: string } | null, post: { id: string, topic: string, slug: string } | null }> } };

export type UsersQueryVariables = Exact<{
  first: number;
  search?: string | null | undefined;
}>;


export type UsersQuery = { users: { nodes: Array<{ id: string, login: string, displayName: string, email: string | null, role: UserRole, state: UserState, trustedAuthor: boolean }> } };

export type UnreadCountQueryVariables = Exact<{ [key: string]: never; }>;


export type UnreadCountQuery = { me: { id: string, unreadNotificationsCount: number } | null };

export type InboxQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
  locale?: string | null | undefined;
}>;


export type InboxQuery = { me: { id: string, unreadNotificationsCount: number, notifications: { nodes: Array<{ id: string, type: string, url: string | null, createdAt: string, read: boolean, title: string, actor: { id: string, login: string, displayName: string } | null }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } } | null };

export type VapidPublicKeyQueryVariables = Exact<{ [key: string]: never; }>;


export type VapidPublicKeyQuery = { vapidPublicKey: string | null };

export type SearchQueryVariables = Exact<{
  query: string;
  first: number;
  after?: string | null | undefined;
}>;


export type SearchQuery = { searchPosts: { nodes: Array<{ snippet: string, post: { id: string, topic: string, slug: string, previewText: string, publishedAt: string | null, readingMinutes: number, author: { id: string, login: string, displayName: string } | null, tags: Array<{ id: string, name: string }> } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type BookmarksQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
}>;


export type BookmarksQuery = { myBookmarks: { nodes: Array<{ id: string, topic: string, slug: string, previewText: string, publishedAt: string | null, readingMinutes: number, author: { id: string, login: string, displayName: string } | null, tags: Array<{ id: string, name: string }> }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type UiRefreshMutationVariables = Exact<{
  refreshToken: string;
}>;


export type UiRefreshMutation = { refreshToken: { accessToken: string, refreshToken: string, accessTokenExpiresAt: string, refreshTokenExpiresAt: string } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const CoverFieldsFragmentDoc = new TypedDocumentString(`
    fragment CoverFields on Image {
  id
  state
  width
  height
  alt
  placeholder
  srcset
  src: url(width: 960)
}
    `, {"fragmentName":"CoverFields"}) as unknown as TypedDocumentString<CoverFieldsFragment, unknown>;
export const FeedCardFieldsFragmentDoc = new TypedDocumentString(`
    fragment FeedCardFields on FeedItem {
  id
  topic
  slug
  previewText
  authorLogin
  authorDisplayName
  tags {
    id
    name
  }
  commentCount
  readingMinutes
  reactions {
    kind
    count
  }
  publishedAt
  coverImage {
    ...CoverFields
  }
}
    fragment CoverFields on Image {
  id
  state
  width
  height
  alt
  placeholder
  srcset
  src: url(width: 960)
}`, {"fragmentName":"FeedCardFields"}) as unknown as TypedDocumentString<FeedCardFieldsFragment, unknown>;
export const PostSlugDocument = new TypedDocumentString(`
    query PostSlug($id: ID!) {
  post(id: $id) {
    slug
  }
}
    `) as unknown as TypedDocumentString<PostSlugQuery, PostSlugQueryVariables>;
export const UiLoginDocument = new TypedDocumentString(`
    mutation UiLogin($email: String!, $password: String!) {
  login(email: $email, password: $password) {
    accessToken
    refreshToken
    accessTokenExpiresAt
    refreshTokenExpiresAt
    user {
      id
      login
    }
  }
}
    `) as unknown as TypedDocumentString<UiLoginMutation, UiLoginMutationVariables>;
export const UiLogoutDocument = new TypedDocumentString(`
    mutation UiLogout {
  logout
}
    `) as unknown as TypedDocumentString<UiLogoutMutation, UiLogoutMutationVariables>;
export const UiUnsubscribeDocument = new TypedDocumentString(`
    mutation UiUnsubscribe($token: String!) {
  unsubscribe(token: $token) {
    type
  }
}
    `) as unknown as TypedDocumentString<UiUnsubscribeMutation, UiUnsubscribeMutationVariables>;
export const CommentAddedDocument = new TypedDocumentString(`
    subscription CommentAdded($postId: ID!) {
  commentAdded(postId: $postId) {
    id
    parentId
    text
    state
    createdAt
    author {
      id
      login
      displayName
    }
  }
}
    `) as unknown as TypedDocumentString<CommentAddedSubscription, CommentAddedSubscriptionVariables>;
export const UnreadCountLiveDocument = new TypedDocumentString(`
    subscription UnreadCountLive {
  unreadNotificationsCount
}
    `) as unknown as TypedDocumentString<UnreadCountLiveSubscription, UnreadCountLiveSubscriptionVariables>;
export const NotificationAddedLiveDocument = new TypedDocumentString(`
    subscription NotificationAddedLive {
  notificationAdded {
    id
  }
}
    `) as unknown as TypedDocumentString<NotificationAddedLiveSubscription, NotificationAddedLiveSubscriptionVariables>;
export const SignUpDocument = new TypedDocumentString(`
    mutation SignUp($email: String!, $password: String!, $login: String!) {
  signUp(email: $email, password: $password, login: $login) {
    user {
      id
      login
    }
  }
}
    `) as unknown as TypedDocumentString<SignUpMutation, SignUpMutationVariables>;
export const ConfirmEmailDocument = new TypedDocumentString(`
    mutation ConfirmEmail($token: String!) {
  confirmEmail(token: $token) {
    id
    login
    state
  }
}
    `) as unknown as TypedDocumentString<ConfirmEmailMutation, ConfirmEmailMutationVariables>;
export const ResendConfirmationDocument = new TypedDocumentString(`
    mutation ResendConfirmation($email: String!) {
  resendConfirmation(email: $email)
}
    `) as unknown as TypedDocumentString<ResendConfirmationMutation, ResendConfirmationMutationVariables>;
export const RequestPasswordResetDocument = new TypedDocumentString(`
    mutation RequestPasswordReset($email: String!) {
  requestPasswordReset(email: $email)
}
    `) as unknown as TypedDocumentString<RequestPasswordResetMutation, RequestPasswordResetMutationVariables>;
export const ResetPasswordDocument = new TypedDocumentString(`
    mutation ResetPassword($token: String!, $newPassword: String!) {
  resetPassword(token: $token, newPassword: $newPassword)
}
    `) as unknown as TypedDocumentString<ResetPasswordMutation, ResetPasswordMutationVariables>;
export const AddCommentDocument = new TypedDocumentString(`
    mutation AddComment($postId: ID!, $text: String!, $parentId: ID) {
  addComment(postId: $postId, text: $text, parentId: $parentId) {
    id
    state
  }
}
    `) as unknown as TypedDocumentString<AddCommentMutation, AddCommentMutationVariables>;
export const SetCommentStateDocument = new TypedDocumentString(`
    mutation SetCommentState($postId: ID!, $id: ID!, $state: ContentState!) {
  setCommentState(postId: $postId, id: $id, state: $state) {
    id
    state
  }
}
    `) as unknown as TypedDocumentString<SetCommentStateMutation, SetCommentStateMutationVariables>;
export const DeleteCommentDocument = new TypedDocumentString(`
    mutation DeleteComment($postId: ID!, $id: ID!) {
  deleteComment(postId: $postId, id: $id)
}
    `) as unknown as TypedDocumentString<DeleteCommentMutation, DeleteCommentMutationVariables>;
export const CreatePostDocument = new TypedDocumentString(`
    mutation CreatePost($input: CreatePostInput!) {
  createPost(input: $input) {
    id
    slug
    state
  }
}
    `) as unknown as TypedDocumentString<CreatePostMutation, CreatePostMutationVariables>;
export const UpdatePostDocument = new TypedDocumentString(`
    mutation UpdatePost($id: ID!, $input: UpdatePostInput!) {
  updatePost(id: $id, input: $input) {
    id
    slug
    state
  }
}
    `) as unknown as TypedDocumentString<UpdatePostMutation, UpdatePostMutationVariables>;
export const SetPostStateDocument = new TypedDocumentString(`
    mutation SetPostState($id: ID!, $state: ContentState!) {
  setPostState(id: $id, state: $state) {
    id
    slug
    state
  }
}
    `) as unknown as TypedDocumentString<SetPostStateMutation, SetPostStateMutationVariables>;
export const DeletePostDocument = new TypedDocumentString(`
    mutation DeletePost($id: ID!) {
  deletePost(id: $id)
}
    `) as unknown as TypedDocumentString<DeletePostMutation, DeletePostMutationVariables>;
export const CreateImageUploadDocument = new TypedDocumentString(`
    mutation CreateImageUpload($purpose: ImagePurpose!, $contentType: String!, $size: Int!, $alt: String) {
  createImageUpload(
    purpose: $purpose
    contentType: $contentType
    size: $size
    alt: $alt
  ) {
    image {
      id
    }
    url
    fields {
      name
      value
    }
  }
}
    `) as unknown as TypedDocumentString<CreateImageUploadMutation, CreateImageUploadMutationVariables>;
export const CompleteImageUploadDocument = new TypedDocumentString(`
    mutation CompleteImageUpload($id: ID!) {
  completeImageUpload(id: $id) {
    id
    state
    rejectReason
  }
}
    `) as unknown as TypedDocumentString<CompleteImageUploadMutation, CompleteImageUploadMutationVariables>;
export const CreateTagDocument = new TypedDocumentString(`
    mutation CreateTag($name: String!) {
  createTag(name: $name) {
    id
    name
  }
}
    `) as unknown as TypedDocumentString<CreateTagMutation, CreateTagMutationVariables>;
export const RenameTagDocument = new TypedDocumentString(`
    mutation RenameTag($id: ID!, $name: String!) {
  renameTag(id: $id, name: $name) {
    id
    name
  }
}
    `) as unknown as TypedDocumentString<RenameTagMutation, RenameTagMutationVariables>;
export const UpdateProfileDocument = new TypedDocumentString(`
    mutation UpdateProfile($input: UpdateProfileInput!) {
  updateProfile(input: $input) {
    id
    login
    displayName
    bio
  }
}
    `) as unknown as TypedDocumentString<UpdateProfileMutation, UpdateProfileMutationVariables>;
export const ChangePasswordDocument = new TypedDocumentString(`
    mutation ChangePassword($newPassword: String!, $currentPassword: String) {
  changePassword(newPassword: $newPassword, currentPassword: $currentPassword)
}
    `) as unknown as TypedDocumentString<ChangePasswordMutation, ChangePasswordMutationVariables>;
export const RevokeSessionDocument = new TypedDocumentString(`
    mutation RevokeSession($trackId: ID!) {
  revokeSession(trackId: $trackId)
}
    `) as unknown as TypedDocumentString<RevokeSessionMutation, RevokeSessionMutationVariables>;
export const LogoutEverywhereDocument = new TypedDocumentString(`
    mutation LogoutEverywhere {
  logoutEverywhere
}
    `) as unknown as TypedDocumentString<LogoutEverywhereMutation, LogoutEverywhereMutationVariables>;
export const SetUserRoleDocument = new TypedDocumentString(`
    mutation SetUserRole($userId: ID!, $role: UserRole!) {
  setUserRole(userId: $userId, role: $role) {
    id
    role
  }
}
    `) as unknown as TypedDocumentString<SetUserRoleMutation, SetUserRoleMutationVariables>;
export const SetUserStateDocument = new TypedDocumentString(`
    mutation SetUserState($userId: ID!, $state: UserState!) {
  setUserState(userId: $userId, state: $state) {
    id
    state
  }
}
    `) as unknown as TypedDocumentString<SetUserStateMutation, SetUserStateMutationVariables>;
export const SetTrustedAuthorDocument = new TypedDocumentString(`
    mutation SetTrustedAuthor($userId: ID!, $trusted: Boolean!) {
  setTrustedAuthor(userId: $userId, trusted: $trusted) {
    id
    trustedAuthor
  }
}
    `) as unknown as TypedDocumentString<SetTrustedAuthorMutation, SetTrustedAuthorMutationVariables>;
export const RebuildFeedDocument = new TypedDocumentString(`
    mutation RebuildFeed($clear: Boolean!) {
  rebuildFeed(clear: $clear) {
    posts
    authors
    removed
    seconds
  }
}
    `) as unknown as TypedDocumentString<RebuildFeedMutation, RebuildFeedMutationVariables>;
export const FollowDocument = new TypedDocumentString(`
    mutation Follow($target: FollowKind!, $id: ID!) {
  follow(target: $target, id: $id) {
    kind
    targetId
  }
}
    `) as unknown as TypedDocumentString<FollowMutation, FollowMutationVariables>;
export const UnfollowDocument = new TypedDocumentString(`
    mutation Unfollow($target: FollowKind!, $id: ID!) {
  unfollow(target: $target, id: $id)
}
    `) as unknown as TypedDocumentString<UnfollowMutation, UnfollowMutationVariables>;
export const UpdateNotificationPreferencesDocument = new TypedDocumentString(`
    mutation UpdateNotificationPreferences($preferences: [NotificationPreferenceInput!]!) {
  updateNotificationPreferences(preferences: $preferences) {
    type
    channels
    emailCadence
  }
}
    `) as unknown as TypedDocumentString<UpdateNotificationPreferencesMutation, UpdateNotificationPreferencesMutationVariables>;
export const MarkNotificationsReadDocument = new TypedDocumentString(`
    mutation MarkNotificationsRead($ids: [ID!]!) {
  markNotificationsRead(ids: $ids)
}
    `) as unknown as TypedDocumentString<MarkNotificationsReadMutation, MarkNotificationsReadMutationVariables>;
export const MarkAllNotificationsReadDocument = new TypedDocumentString(`
    mutation MarkAllNotificationsRead {
  markAllNotificationsRead
}
    `) as unknown as TypedDocumentString<MarkAllNotificationsReadMutation, MarkAllNotificationsReadMutationVariables>;
export const RegisterPushSubscriptionDocument = new TypedDocumentString(`
    mutation RegisterPushSubscription($endpoint: String!, $keys: PushSubscriptionKeysInput!) {
  registerPushSubscription(endpoint: $endpoint, keys: $keys) {
    id
    endpoint
  }
}
    `) as unknown as TypedDocumentString<RegisterPushSubscriptionMutation, RegisterPushSubscriptionMutationVariables>;
export const UnregisterPushSubscriptionDocument = new TypedDocumentString(`
    mutation UnregisterPushSubscription($endpoint: String!) {
  unregisterPushSubscription(endpoint: $endpoint)
}
    `) as unknown as TypedDocumentString<UnregisterPushSubscriptionMutation, UnregisterPushSubscriptionMutationVariables>;
export const BookmarkDocument = new TypedDocumentString(`
    mutation Bookmark($postId: ID!) {
  bookmark(postId: $postId) {
    id
    viewerBookmarked
  }
}
    `) as unknown as TypedDocumentString<BookmarkMutation, BookmarkMutationVariables>;
export const UnbookmarkDocument = new TypedDocumentString(`
    mutation Unbookmark($postId: ID!) {
  unbookmark(postId: $postId)
}
    `) as unknown as TypedDocumentString<UnbookmarkMutation, UnbookmarkMutationVariables>;
export const ReactDocument = new TypedDocumentString(`
    mutation React($postId: ID!, $commentId: ID, $kind: ReactionKind!) {
  react(postId: $postId, commentId: $commentId, kind: $kind) {
    counts {
      kind
      count
    }
    viewerReactions
  }
}
    `) as unknown as TypedDocumentString<ReactMutation, ReactMutationVariables>;
export const UnreactDocument = new TypedDocumentString(`
    mutation Unreact($postId: ID!, $commentId: ID, $kind: ReactionKind!) {
  unreact(postId: $postId, commentId: $commentId, kind: $kind) {
    counts {
      kind
      count
    }
    viewerReactions
  }
}
    `) as unknown as TypedDocumentString<UnreactMutation, UnreactMutationVariables>;
export const ViewerDocument = new TypedDocumentString(`
    query Viewer {
  me {
    id
    login
    displayName
    role
    state
    email
    avatarUrl
    avatar {
      id
      src: url(width: 160)
    }
  }
}
    `) as unknown as TypedDocumentString<ViewerQuery, ViewerQueryVariables>;
export const FeedDocument = new TypedDocumentString(`
    query Feed($first: Int!, $after: String, $tagId: ID, $authorId: ID) {
  feed(first: $first, after: $after, tagId: $tagId, authorId: $authorId) {
    nodes {
      ...FeedCardFields
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    fragment CoverFields on Image {
  id
  state
  width
  height
  alt
  placeholder
  srcset
  src: url(width: 960)
}
fragment FeedCardFields on FeedItem {
  id
  topic
  slug
  previewText
  authorLogin
  authorDisplayName
  tags {
    id
    name
  }
  commentCount
  readingMinutes
  reactions {
    kind
    count
  }
  publishedAt
  coverImage {
    ...CoverFields
  }
}`) as unknown as TypedDocumentString<FeedQuery, FeedQueryVariables>;
export const TagDocument = new TypedDocumentString(`
    query Tag($id: ID!) {
  tag(id: $id) {
    id
    name
    viewerFollows
  }
}
    `) as unknown as TypedDocumentString<TagQuery, TagQueryVariables>;
export const TagsDocument = new TypedDocumentString(`
    query Tags($first: Int!, $after: String) {
  tags(first: $first, after: $after) {
    nodes {
      id
      name
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    `) as unknown as TypedDocumentString<TagsQuery, TagsQueryVariables>;
export const AuthorDocument = new TypedDocumentString(`
    query Author($login: String!) {
  userByLogin(login: $login) {
    id
    login
    displayName
    bio
    role
    createdAt
    followersCount
    viewerFollows
    avatarUrl
    avatar {
      id
      placeholder
      srcset
      src: url(width: 160)
      alt
    }
  }
}
    `) as unknown as TypedDocumentString<AuthorQuery, AuthorQueryVariables>;
export const PostDocument = new TypedDocumentString(`
    query Post($slug: String!) {
  postBySlug(slug: $slug) {
    id
    topic
    slug
    text
    previewText
    state
    createdAt
    updatedAt
    publishedAt
    publishAt
    readingMinutes
    viewerFollows
    viewerBookmarked
    reactions {
      counts {
        kind
        count
      }
      viewerReactions
    }
    author {
      id
      login
      displayName
      avatar {
        id
        src: url(width: 96)
      }
    }
    coverImage {
      ...CoverFields
    }
    tags {
      id
      name
    }
    comments(first: 100) {
      nodes {
        id
        parentId
        text
        state
        createdAt
        author {
          id
          login
          displayName
        }
        reactions {
          counts {
            kind
            count
          }
          viewerReactions
        }
      }
    }
  }
}
    fragment CoverFields on Image {
  id
  state
  width
  height
  alt
  placeholder
  srcset
  src: url(width: 960)
}`) as unknown as TypedDocumentString<PostQuery, PostQueryVariables>;
export const EditPostDocument = new TypedDocumentString(`
    query EditPost($id: ID!) {
  post(id: $id) {
    id
    topic
    slug
    text
    previewText
    state
    publishAt
    author {
      id
    }
    coverImage {
      ...CoverFields
    }
    tags {
      id
      name
    }
  }
}
    fragment CoverFields on Image {
  id
  state
  width
  height
  alt
  placeholder
  srcset
  src: url(width: 960)
}`) as unknown as TypedDocumentString<EditPostQuery, EditPostQueryVariables>;
export const MyPostsDocument = new TypedDocumentString(`
    query MyPosts($first: Int!) {
  me {
    id
    posts(first: $first) {
      nodes {
        id
        topic
        slug
        state
        updatedAt
      }
    }
  }
}
    `) as unknown as TypedDocumentString<MyPostsQuery, MyPostsQueryVariables>;
export const ImageDocument = new TypedDocumentString(`
    query Image($id: ID!) {
  image(id: $id) {
    ...CoverFields
    rejectReason
  }
}
    fragment CoverFields on Image {
  id
  state
  width
  height
  alt
  placeholder
  srcset
  src: url(width: 960)
}`) as unknown as TypedDocumentString<ImageQuery, ImageQueryVariables>;
export const AccountDocument = new TypedDocumentString(`
    query Account {
  me {
    id
    login
    displayName
    bio
    email
    role
    avatar {
      id
      src: url(width: 160)
    }
  }
  mySessions {
    id
    createdAt
    lastUsedAt
    userAgent
    clientAddress
    current
  }
  myTrackSessions(first: 50) {
    nodes {
      trackId
      firstSeen
      lastSeen
      userAgent
      clientAddress
      current
    }
  }
  myFollows(first: 100) {
    nodes {
      kind
      targetId
      user {
        id
        login
        displayName
      }
      tag {
        id
        name
      }
      post {
        id
        slug
        topic
      }
    }
  }
  myNotificationPreferences {
    type
    channels
    emailCadence
  }
}
    `) as unknown as TypedDocumentString<AccountQuery, AccountQueryVariables>;
export const ModerationQueueDocument = new TypedDocumentString(`
    query ModerationQueue($first: Int!) {
  posts(first: $first, state: ON_MODERATION) {
    nodes {
      id
      topic
      slug
      state
      updatedAt
      author {
        id
        login
        displayName
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ModerationQueueQuery, ModerationQueueQueryVariables>;
export const CommentQueueDocument = new TypedDocumentString(`
    query CommentQueue($first: Int!) {
  commentQueue(first: $first) {
    nodes {
      id
      postId
      text
      createdAt
      author {
        id
        login
      }
      post {
        id
        topic
        slug
      }
    }
  }
}
    `) as unknown as TypedDocumentString<CommentQueueQuery, CommentQueueQueryVariables>;
export const UsersDocument = new TypedDocumentString(`
    query Users($first: Int!, $search: String) {
  users(first: $first, filter: {search: $search}) {
    nodes {
      id
      login
      displayName
      email
      role
      state
      trustedAuthor
    }
  }
}
    `) as unknown as TypedDocumentString<UsersQuery, UsersQueryVariables>;
export const UnreadCountDocument = new TypedDocumentString(`
    query UnreadCount {
  me {
    id
    unreadNotificationsCount
  }
}
    `) as unknown as TypedDocumentString<UnreadCountQuery, UnreadCountQueryVariables>;
export const InboxDocument = new TypedDocumentString(`
    query Inbox($first: Int!, $after: String, $locale: String) {
  me {
    id
    unreadNotificationsCount
    notifications(first: $first, after: $after) {
      nodes {
        id
        type
        url
        createdAt
        read
        title(locale: $locale)
        actor {
          id
          login
          displayName
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
}
    `) as unknown as TypedDocumentString<InboxQuery, InboxQueryVariables>;
export const VapidPublicKeyDocument = new TypedDocumentString(`
    query VapidPublicKey {
  vapidPublicKey
}
    `) as unknown as TypedDocumentString<VapidPublicKeyQuery, VapidPublicKeyQueryVariables>;
export const SearchDocument = new TypedDocumentString(`
    query Search($query: String!, $first: Int!, $after: String) {
  searchPosts(query: $query, first: $first, after: $after) {
    nodes {
      snippet
      post {
        id
        topic
        slug
        previewText
        publishedAt
        readingMinutes
        author {
          id
          login
          displayName
        }
        tags {
          id
          name
        }
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    `) as unknown as TypedDocumentString<SearchQuery, SearchQueryVariables>;
export const BookmarksDocument = new TypedDocumentString(`
    query Bookmarks($first: Int!, $after: String) {
  myBookmarks(first: $first, after: $after) {
    nodes {
      id
      topic
      slug
      previewText
      publishedAt
      readingMinutes
      author {
        id
        login
        displayName
      }
      tags {
        id
        name
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    `) as unknown as TypedDocumentString<BookmarksQuery, BookmarksQueryVariables>;
export const UiRefreshDocument = new TypedDocumentString(`
    mutation UiRefresh($refreshToken: String!) {
  refreshToken(refreshToken: $refreshToken) {
    accessToken
    refreshToken
    accessTokenExpiresAt
    refreshTokenExpiresAt
  }
}
    `) as unknown as TypedDocumentString<UiRefreshMutation, UiRefreshMutationVariables>;