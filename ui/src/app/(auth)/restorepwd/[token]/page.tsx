import { AuthPage, authMetadata } from "@/components/auth/auth-page";
import { ResetPassword } from "@/components/auth/token-forms";

export const generateMetadata = () => authMetadata("newPasswordTitle");

/** The link auth emails for a forgotten password: `<PUBLIC_BASE_URL>/restorepwd/<token>`. */
export default async function NewPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  return <AuthPage title="newPasswordTitle"><ResetPassword token={token} /></AuthPage>;
}
