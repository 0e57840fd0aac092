import { AuthPage, authMetadata } from "@/components/auth/auth-page";
import { ConfirmEmail } from "@/components/auth/token-forms";

export const generateMetadata = () => authMetadata("confirmTitle");

/** The link auth emails after sign-up: `<PUBLIC_BASE_URL>/signup/<token>`. */
export default async function ConfirmPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  return <AuthPage title="confirmTitle"><ConfirmEmail token={token} /></AuthPage>;
}
