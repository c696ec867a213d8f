import { SignInForm } from "@/components/launch/sign-in-form";

export const dynamic = "force-dynamic";

export default function SignInPage() {
  return <SignInForm />;
}
